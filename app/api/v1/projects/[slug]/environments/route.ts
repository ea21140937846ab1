import { operations } from "@/lib/api/operations";
import { listEnvironmentPolicies } from "@/lib/environments/queries";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";

// GET /api/v1/projects/:slug/environments — the pipeline with each environment's policy
export const GET = withRoute<{ slug: string }>({
  operation: operations.listEnvironments,
  project: projectBySlug,
  handler: ({ params }) => listEnvironmentPolicies(params.slug),
});
