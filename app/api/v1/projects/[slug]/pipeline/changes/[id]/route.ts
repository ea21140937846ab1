import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { pipelineChangeDetail } from "@/lib/pipeline/queries";

// GET /api/v1/projects/:slug/pipeline/changes/:id — one change, planned again against the live pipeline while pending
export const GET = withRoute<{ slug: string; id: string }>({
  operation: operations.getPipelineChange,
  project: projectBySlug,
  handler: ({ params }) => pipelineChangeDetail(params.slug, params.id),
});
