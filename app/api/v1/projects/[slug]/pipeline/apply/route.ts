import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { applyPipeline } from "@/lib/pipeline/mutations";
import { pipelineText } from "@/lib/pipeline/request";

// POST /api/v1/projects/:slug/pipeline/apply — make the pipeline what this shiproom.yaml (the body) says
export const POST = withRoute<{ slug: string }>({
  operation: operations.applyPipeline,
  project: projectBySlug,
  handler: async ({ params, req, query, actor }) =>
    applyPipeline(actor, params.slug, await pipelineText(req), query.get("revision") ?? undefined),
});
