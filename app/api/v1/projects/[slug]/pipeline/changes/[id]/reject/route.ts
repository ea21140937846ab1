import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { rejectPipelineChange } from "@/lib/pipeline/mutations";

// POST /api/v1/projects/:slug/pipeline/changes/:id/reject — an admin turns a pending change down, with the reason
export const POST = withRoute<{ slug: string; id: string }>({
  operation: operations.rejectPipelineChange,
  project: projectBySlug,
  handler: ({ params, body, actor }) => rejectPipelineChange(actor, params.slug, params.id, body),
});
