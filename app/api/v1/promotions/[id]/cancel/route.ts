import { operations } from "@/lib/api/operations";
import { projectByPromotion } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { cancelPromotion } from "@/lib/promotions/mutations";

// POST /api/v1/promotions/:id/cancel — {reason?}: its requester cancels it
export const POST = withRoute<{ id: string }>({
  operation: operations.cancelPromotion,
  project: projectByPromotion,
  handler: ({ params, actor, body }) => cancelPromotion(actor, params.id, body),
});
