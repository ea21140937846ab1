import { operations } from "@/lib/api/operations";
import { getPromotionChanges } from "@/lib/changes/queries";
import { projectByPromotion } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";

// GET /api/v1/promotions/:id/changes — what the promotion changes against what runs in its environment now
export const GET = withRoute<{ id: string }>({
  operation: operations.getPromotionChanges,
  project: projectByPromotion,
  handler: ({ params }) => getPromotionChanges(params.id),
});
