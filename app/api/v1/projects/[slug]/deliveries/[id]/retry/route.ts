import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { retryDelivery } from "@/lib/webhooks/mutations";

// POST /api/v1/projects/:slug/deliveries/:id/retry — send a failed delivery again now (admins)
export const POST = withRoute<{ slug: string; id: string }>({
  operation: operations.retryDelivery,
  project: projectBySlug,
  handler: ({ params, actor }) => retryDelivery(actor, params.slug, params.id),
});
