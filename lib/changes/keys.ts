export const changesKeys = {
  promotion: (id: string) => ["changes", "promotion", id] as const,
  release: (slug: string, version: string, to: string) => ["changes", "release", slug, version, to] as const,
};
