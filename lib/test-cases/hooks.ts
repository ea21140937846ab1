"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { fetchJson, postFile } from "@/lib/http/fetch-json";
import { casesQuery } from "./filters";
import { caseKeys } from "./keys";
import type { BulkCasesInput, CaseDto, CaseImportDto, CaseInput, CaseListDto, ListCasesInput, SimilarCaseDto, SuiteDto } from "./schemas";

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

/** How long a title must rest before its duplicate hints are asked for: a request per pause, not per key. */
const HINT_DELAY_MS = 400;

/** Duplicate hints for a title being written (at least 3 characters), asked for once typing pauses. */
export function useSimilarCases(slug: string, title: string, exclude: string | null) {
  const [settled, setSettled] = useState(title.trim());
  useEffect(() => {
    const timer = setTimeout(() => setSettled(title.trim()), HINT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [title]);
  return useQuery({
    queryKey: caseKeys.similar(slug, settled, exclude),
    queryFn: ({ signal }) =>
      fetchJson<SimilarCaseDto[]>(
        `${base(slug)}/cases/similar?${new URLSearchParams({ title: settled, ...(exclude ? { exclude } : {}) })}`,
        { signal },
      ),
    enabled: settled.length >= 3,
    placeholderData: keepPreviousData,
  });
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

/** Sends a CSV of cases for a preview, or (apply) to import it; `onProgress` has the upload's fraction sent. */
export function importCasesCsv(slug: string, file: File, apply: boolean, onProgress: (fraction: number) => void): Promise<CaseImportDto> {
  return postFile<CaseImportDto>(
    `${base(slug)}/cases/import${apply ? "?apply=true" : ""}`,
    file,
    { "content-type": "text/csv" },
    onProgress,
    "Import failed",
  );
}
