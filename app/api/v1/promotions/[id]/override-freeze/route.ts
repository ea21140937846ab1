import { operations } from "@/lib/api/operations";
import { projectByPromotion } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { overrideFreeze } from "@/lib/promotions/mutations";

// POST /api/v1/promotions/:id/override-freeze — {reason}: an admin lets it through a freeze
export const POST = withRoute<{ id: string }>({
  operation: operations.overrideFreeze,
  project: projectByPromotion,
  handler: ({ params, actor, body }) => overrideFreeze(actor, params.id, body),
});
