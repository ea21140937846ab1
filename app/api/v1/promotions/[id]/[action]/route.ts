import { NotFound } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { approvePromotion, cancelPromotion, overrideFreeze, rejectPromotion, reportDeployment } from "@/lib/promotions/mutations";

const actions = {
  approve: approvePromotion,
  reject: rejectPromotion,
  cancel: cancelPromotion,
  report: reportDeployment,
  "override-freeze": overrideFreeze,
} as const;

// POST /api/v1/promotions/:id/{approve|reject|cancel|report|override-freeze} — act on a promotion
export const POST = withRoute<{ id: string; action: string }>({
  handler: ({ params, actor, body }) => {
    const act = actions[params.action as keyof typeof actions];
    if (!act) throw new NotFound(`Action ${params.action}`);
    return act(actor, params.id, body);
  },
});
