export const environmentKeys = {
  policies: (slug: string) => ["environments", slug, "policies"] as const,
};
