import { operations } from "@/lib/api/operations";
import { projectByPromotion } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { approvePromotion } from "@/lib/promotions/mutations";

// POST /api/v1/promotions/:id/approve — approve (people whose roles the rules name)
export const POST = withRoute<{ id: string }>({
  operation: operations.approvePromotion,
  project: projectByPromotion,
  handler: ({ params, actor, body }) => approvePromotion(actor, params.id, body),
});
