import { operations } from "@/lib/api/operations";
import { rotateDeployHookSecret } from "@/lib/environments/mutations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";

// POST /api/v1/projects/:slug/environments/:id/deploy-hook-secret — a new signing secret for the deploy hook (admins), shown once
export const POST = withRoute<{ slug: string; id: string }>({
  operation: operations.rotateDeployHookSecret,
  project: projectBySlug,
  handler: ({ params, actor }) => rotateDeployHookSecret(actor, params.slug, params.id),
});
