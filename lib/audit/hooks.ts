"use client";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { auditKeys } from "./keys";
import type { AuditPageDto } from "./schemas";
import type { Verification } from "./verify-types";

export function auditQuery(filters: Record<string, string>, before?: string): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ""));
  if (before) params.set("before", before);
  return params.toString();
}

export function useAuditEvents(filters: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam }) => fetchJson<AuditPageDto>(`/api/v1/audit?${auditQuery(filters, pageParam ?? undefined)}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => fetchJson<Verification>("/api/v1/audit/verify") });
}
