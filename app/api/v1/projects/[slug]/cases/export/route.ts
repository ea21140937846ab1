import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { exportCases } from "@/lib/test-cases/csv-import";

export const dynamic = "force-dynamic";

// GET /api/v1/projects/:slug/cases/export?q=&suite=&tag=&priority=&kind=&archived= — the library (or its filtered part) as CSV, streamed
export const GET = withRoute<{ slug: string }>({
  operation: operations.exportCases,
  project: projectBySlug,
  handler: async ({ params, query }) => {
    const { filename, stream } = await exportCases(params.slug, {
      q: query.get("q") ?? undefined,
      suite: query.get("suite") ?? undefined,
      tags: query.getAll("tag").length ? query.getAll("tag") : undefined,
      priority: query.getAll("priority").length ? query.getAll("priority") : undefined,
      kind: query.get("kind") ?? undefined,
      archived: query.get("archived") === "true",
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
      },
    });
  },
});
