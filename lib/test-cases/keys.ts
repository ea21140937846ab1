import type { ListCasesInput } from "./schemas";

export const caseKeys = {
  all: (slug: string) => ["cases", slug] as const,
  list: (slug: string, params: ListCasesInput) => [...caseKeys.all(slug), "list", params] as const,
  detail: (slug: string, key: string) => [...caseKeys.all(slug), "detail", key] as const,
  suites: (slug: string) => [...caseKeys.all(slug), "suites"] as const,
  similar: (slug: string, title: string, exclude: string | null) => [...caseKeys.all(slug), "similar", title, exclude] as const,
};
