import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { deleteWebhook, updateWebhook } from "@/lib/webhooks/mutations";

// PUT /api/v1/projects/:slug/webhooks/:id — change a webhook (admins)
export const PUT = withRoute<{ slug: string; id: string }>({
  operation: operations.updateWebhook,
  project: projectBySlug,
  handler: ({ params, actor, body }) => updateWebhook(actor, params.slug, params.id, body),
});

// DELETE /api/v1/projects/:slug/webhooks/:id — delete a webhook and its deliveries (admins)
export const DELETE = withRoute<{ slug: string; id: string }>({
  operation: operations.deleteWebhook,
  project: projectBySlug,
  handler: ({ params, actor }) => deleteWebhook(actor, params.slug, params.id),
});
