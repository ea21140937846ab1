import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { json, withRoute } from "@/lib/http/route";
import { pingWebhook } from "@/lib/webhooks/mutations";

// POST /api/v1/projects/:slug/webhooks/:id/ping — queue a test event (admins)
export const POST = withRoute<{ slug: string; id: string }>({
  operation: operations.pingWebhook,
  project: projectBySlug,
  handler: async ({ params, actor }) => json(await pingWebhook(actor, params.slug, params.id), 202),
});
