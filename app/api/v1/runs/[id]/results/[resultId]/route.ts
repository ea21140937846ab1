import { operations } from "@/lib/api/operations";
import { projectByRun } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { recordResult } from "@/lib/test-runs/mutations";
import { getResultDetail } from "@/lib/test-runs/queries";

// GET /api/v1/runs/:id/results/:resultId — the case as the run pinned it, and the result's history
export const GET = withRoute<{ id: string; resultId: string }>({
  operation: operations.getResult,
  project: projectByRun,
  handler: ({ params }) => getResultDetail(params.id, params.resultId),
});

// PUT /api/v1/runs/:id/results/:resultId — {status, note?, durationMs?}; voids a sign-off when the status changes
export const PUT = withRoute<{ id: string; resultId: string }>({
  operation: operations.recordResult,
  project: projectByRun,
  handler: ({ params, actor, body }) => recordResult(actor, params.id, params.resultId, body),
});
