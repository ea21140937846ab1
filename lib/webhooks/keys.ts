export const webhookKeys = {
  all: (slug: string) => ["settings", slug] as const,
  list: (slug: string) => ["settings", slug, "webhooks"] as const,
  deliveries: (slug: string, page: number, status: string) => ["settings", slug, "deliveries", page, status] as const,
};
