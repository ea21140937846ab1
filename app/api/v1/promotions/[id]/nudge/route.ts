import { operations } from "@/lib/api/operations";
import { projectByPromotion } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { nudgePromotion } from "@/lib/promotions/nudges";

// POST /api/v1/promotions/:id/nudge — asks who may still approve it to approve it (at most once an hour)
export const POST = withRoute<{ id: string }>({
  operation: operations.nudgePromotion,
  project: projectByPromotion,
  handler: ({ params, actor }) => nudgePromotion(actor, params.id),
});
