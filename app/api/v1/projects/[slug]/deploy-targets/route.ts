import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { setAllowedDeployTargets } from "@/lib/projects/mutations";
import { listAllowedDeployTargets } from "@/lib/projects/queries";

// GET /api/v1/projects/:slug/deploy-targets — the deploy targets pipelines may set (admins)
export const GET = withRoute<{ slug: string }>({
  operation: operations.getAllowedDeployTargets,
  project: projectBySlug,
  handler: ({ params, actor }) => listAllowedDeployTargets(actor, params.slug),
});

// PUT /api/v1/projects/:slug/deploy-targets — {allowed: [...]} replaces them (admins)
export const PUT = withRoute<{ slug: string }>({
  operation: operations.setAllowedDeployTargets,
  project: projectBySlug,
  handler: ({ params, actor, body }) => setAllowedDeployTargets(actor, params.slug, body),
});
