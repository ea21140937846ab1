import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { listPipelineChanges } from "@/lib/pipeline/queries";

// GET /api/v1/projects/:slug/pipeline/changes — files sent by tokens that weakened a gate, the pending one first
export const GET = withRoute<{ slug: string }>({
  operation: operations.listPipelineChanges,
  project: projectBySlug,
  handler: ({ params }) => listPipelineChanges(params.slug),
});
