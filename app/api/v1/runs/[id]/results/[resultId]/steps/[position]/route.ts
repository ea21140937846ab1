import { operations } from "@/lib/api/operations";
import { projectByRun } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { recordStepResult } from "@/lib/test-runs/mutations";

// PUT /api/v1/runs/:id/results/:resultId/steps/:position — {status, actual?}; the case's result follows its steps
export const PUT = withRoute<{ id: string; resultId: string; position: string }>({
  operation: operations.recordStepResult,
  project: projectByRun,
  handler: ({ params, actor, body }) => recordStepResult(actor, params.id, params.resultId, params.position, body),
});
