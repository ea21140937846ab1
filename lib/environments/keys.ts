export const environmentKeys = {
  all: (slug: string) => ["environments", slug] as const,
  policies: (slug: string) => [...environmentKeys.all(slug), "policies"] as const,
};
