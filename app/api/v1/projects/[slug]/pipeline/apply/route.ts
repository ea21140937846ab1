import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { json, withRoute } from "@/lib/http/route";
import { applyPipeline } from "@/lib/pipeline/mutations";
import { pipelineText } from "@/lib/pipeline/request";

// POST /api/v1/projects/:slug/pipeline/apply — make the pipeline what this shiproom.yaml (the body) says;
// 202 when a token's file weakens a gate: it waits for an admin
export const POST = withRoute<{ slug: string }>({
  operation: operations.applyPipeline,
  project: projectBySlug,
  handler: async ({ params, req, query, actor }) => {
    const result = await applyPipeline(actor, params.slug, await pipelineText(req), query.get("revision") ?? undefined);
    if (!result.pendingChange) return result;
    const answer = json(result, 202);
    answer.headers.set("location", result.pendingChange.links.api);
    return answer;
  },
});
