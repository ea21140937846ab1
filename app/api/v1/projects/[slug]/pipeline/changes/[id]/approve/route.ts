import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { approvePipelineChange } from "@/lib/pipeline/mutations";

// POST /api/v1/projects/:slug/pipeline/changes/:id/approve — an admin applies a pending change
export const POST = withRoute<{ slug: string; id: string }>({
  operation: operations.approvePipelineChange,
  project: projectBySlug,
  handler: ({ params, body, actor }) => approvePipelineChange(actor, params.slug, params.id, body),
});
