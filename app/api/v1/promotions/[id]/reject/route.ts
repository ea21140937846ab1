import { operations } from "@/lib/api/operations";
import { projectByPromotion } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { rejectPromotion } from "@/lib/promotions/mutations";

// POST /api/v1/promotions/:id/reject — {comment}: reject, saying why
export const POST = withRoute<{ id: string }>({
  operation: operations.rejectPromotion,
  project: projectByPromotion,
  handler: ({ params, actor, body }) => rejectPromotion(actor, params.id, body),
});
