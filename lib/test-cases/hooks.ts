"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { casesQuery } from "./filters";
import { caseKeys } from "./keys";
import type { BulkCasesInput, CaseDto, CaseInput, CaseListDto, ListCasesInput, SuiteDto } from "./schemas";

const base = (slug: string) => `/api/v1/projects/${slug}`;

export function useCases(slug: string, params: ListCasesInput) {
  return useQuery({
    queryKey: caseKeys.list(slug, params),
    queryFn: () => fetchJson<CaseListDto>(`${base(slug)}/cases?${casesQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useCase(slug: string, key: string) {
  return useQuery({ queryKey: caseKeys.detail(slug, key), queryFn: () => fetchJson<CaseDto>(`${base(slug)}/cases/${key}`) });
}

export function useSuites(slug: string) {
  return useQuery({ queryKey: caseKeys.suites(slug), queryFn: () => fetchJson<SuiteDto[]>(`${base(slug)}/suites`) });
}

function useInvalidate(slug: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: caseKeys.all(slug) });
}

export function useSaveCase(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: ({ key, ...input }: CaseInput & { key?: string; revision?: number }) =>
      key
        ? fetchJson<CaseDto>(`${base(slug)}/cases/${key}`, { method: "PUT", body: input })
        : fetchJson<CaseDto>(`${base(slug)}/cases`, { method: "POST", body: input }),
    onSuccess: () => invalidate(),
  });
}

export function useBulkCases(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: BulkCasesInput) => fetchJson<{ changed: number }>(`${base(slug)}/cases-bulk`, { method: "POST", body: input }),
    onSettled: () => invalidate(),
  });
}

export function useSuiteActions(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (action: { kind: "create"; name: string; parentId: string | null } | { kind: "delete"; id: string }) =>
      action.kind === "create"
        ? fetchJson<SuiteDto[]>(`${base(slug)}/suites`, { method: "POST", body: { name: action.name, parentId: action.parentId } })
        : fetchJson<SuiteDto[]>(`${base(slug)}/suites/${action.id}`, { method: "DELETE" }),
    onSettled: () => invalidate(),
  });
}
