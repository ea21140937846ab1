import { operations } from "@/lib/api/operations";
import { projectByRun } from "@/lib/http/project-of";
import { json, withRoute } from "@/lib/http/route";
import { linkDefect } from "@/lib/test-runs/mutations";

// POST /api/v1/runs/:id/results/:resultId/defect-links — {url}; 201 a new link, 200 the one the case already had
export const POST = withRoute<{ id: string; resultId: string }>({
  operation: operations.linkDefect,
  project: projectByRun,
  handler: async ({ params, actor, body }) => {
    const { link, created } = await linkDefect(actor, params.id, params.resultId, body);
    return json(link, created ? 201 : 200);
  },
});
