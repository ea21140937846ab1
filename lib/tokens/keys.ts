export const tokenKeys = {
  list: (slug: string) => ["settings", slug, "tokens"] as const,
};
