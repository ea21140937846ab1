import { operations } from "@/lib/api/operations";
import { projectByPromotion } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { getPromotion } from "@/lib/promotions/queries";

// GET /api/v1/promotions/:id — state, gate checklist, approvals, and what the caller may do
export const GET = withRoute<{ id: string }>({
  operation: operations.getPromotion,
  project: projectByPromotion,
  handler: ({ params, actor }) => getPromotion(params.id, actor),
});
