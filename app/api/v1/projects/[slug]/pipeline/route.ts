import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { exportPipeline, livePipeline } from "@/lib/pipeline/queries";

// GET /api/v1/projects/:slug/pipeline — the live pipeline as a shiproom.yaml (?format=json: as JSON)
export const GET = withRoute<{ slug: string }>({
  operation: operations.exportPipeline,
  project: projectBySlug,
  handler: async ({ params, query }) => {
    if (query.get("format") === "json") {
      const live = await livePipeline(params.slug);
      return { pipeline: live.file, managed: live.managed };
    }
    return new Response(await exportPipeline(params.slug), {
      headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": 'inline; filename="shiproom.yaml"' },
    });
  },
});
