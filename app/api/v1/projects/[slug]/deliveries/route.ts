import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { pageOf } from "@/lib/http/query";
import { withRoute } from "@/lib/http/route";
import { listDeliveries } from "@/lib/webhooks/queries";

// GET /api/v1/projects/:slug/deliveries?page=&status= — the delivery log of webhooks and deploy hooks (admins)
export const GET = withRoute<{ slug: string }>({
  operation: operations.listDeliveries,
  project: projectBySlug,
  handler: ({ params, actor, query }) =>
    listDeliveries(actor, params.slug, { page: pageOf(query), status: query.get("status") ?? undefined }),
});
