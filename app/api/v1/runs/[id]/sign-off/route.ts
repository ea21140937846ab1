import { operations } from "@/lib/api/operations";
import { projectByRun } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { settleAfterSignOff } from "@/lib/promotions/workflow";
import { signOffRun } from "@/lib/test-runs/mutations";

// POST /api/v1/runs/:id/sign-off — QA: {decision: SIGNED_OFF|BLOCKED, comment, waivers: [{resultId, reason}]}
export const POST = withRoute<{ id: string }>({
  operation: operations.signOffRun,
  project: projectByRun,
  handler: ({ params, actor, body }) => signOffRun(actor, params.id, body, settleAfterSignOff),
});
