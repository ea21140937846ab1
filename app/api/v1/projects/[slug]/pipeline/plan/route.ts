import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { planPipeline } from "@/lib/pipeline/mutations";
import { pipelineText } from "@/lib/pipeline/request";

// POST /api/v1/projects/:slug/pipeline/plan — what applying this shiproom.yaml (the body) would change
export const POST = withRoute<{ slug: string }>({
  operation: operations.planPipeline,
  project: projectBySlug,
  handler: async ({ params, req, query }) => planPipeline(params.slug, await pipelineText(req), query.get("revision") ?? undefined),
});
