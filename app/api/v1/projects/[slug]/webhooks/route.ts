import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { json, withRoute } from "@/lib/http/route";
import { createWebhook } from "@/lib/webhooks/mutations";
import { listWebhooks } from "@/lib/webhooks/queries";

// GET /api/v1/projects/:slug/webhooks — the project's event webhooks (admins)
export const GET = withRoute<{ slug: string }>({
  operation: operations.listWebhooks,
  project: projectBySlug,
  handler: ({ params, actor }) => listWebhooks(actor, params.slug),
});

// POST /api/v1/projects/:slug/webhooks — {name, url, format, events[], active?}: the signing secret is in this answer only
export const POST = withRoute<{ slug: string }>({
  operation: operations.createWebhook,
  project: projectBySlug,
  handler: async ({ params, actor, body }) => json(await createWebhook(actor, params.slug, body), 201),
});
