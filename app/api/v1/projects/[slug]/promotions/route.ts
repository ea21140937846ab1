import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { json, withRoute } from "@/lib/http/route";
import { requestPromotion } from "@/lib/promotions/mutations";

// POST /api/v1/projects/:slug/promotions — {release, environment, rollback?, reason?}: request a promotion
export const POST = withRoute<{ slug: string }>({
  operation: operations.requestPromotion,
  project: projectBySlug,
  handler: async ({ params, actor, body }) => json(await requestPromotion(actor, params.slug, body), 201),
});
