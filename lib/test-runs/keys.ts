export const runKeys = {
  all: (slug: string) => ["runs", slug] as const,
  list: (slug: string) => [...runKeys.all(slug), "list"] as const,
  detail: (slug: string, id: string) => [...runKeys.all(slug), "detail", id] as const,
  result: (slug: string, runId: string, resultId: string) => [...runKeys.all(slug), "result", runId, resultId] as const,
};
