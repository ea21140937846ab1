import { operations } from "@/lib/api/operations";
import { projectByPromotion } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { reportDeployment } from "@/lib/promotions/mutations";

// POST /api/v1/promotions/:id/report — {status: deploying|succeeded|failed, message?, url?}: the deployer reports
export const POST = withRoute<{ id: string }>({
  operation: operations.reportDeployment,
  project: projectByPromotion,
  handler: ({ params, actor, body }) => reportDeployment(actor, params.id, body),
});
