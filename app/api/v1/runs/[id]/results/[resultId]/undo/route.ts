import { operations } from "@/lib/api/operations";
import { projectByRun } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { undoResult } from "@/lib/test-runs/mutations";

// POST /api/v1/runs/:id/results/:resultId/undo — {status}; takes back the caller's latest recording of the result
export const POST = withRoute<{ id: string; resultId: string }>({
  operation: operations.undoResult,
  project: projectByRun,
  handler: ({ params, actor, body }) => undoResult(actor, params.id, params.resultId, body),
});
