export const releaseKeys = {
  all: (slug: string) => ["releases", slug] as const,
  list: (slug: string, page: number, search: string) => [...releaseKeys.all(slug), "list", page, search] as const,
  detail: (slug: string, version: string) => [...releaseKeys.all(slug), "detail", version] as const,
};
