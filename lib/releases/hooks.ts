"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { releaseKeys } from "./keys";
import type { CreateReleaseInput, ReleaseDto, ReleaseListDto } from "./schemas";

const path = (slug: string, version?: string) => `/api/v1/projects/${slug}/releases${version ? `/${encodeURIComponent(version)}` : ""}`;

export function useReleases(slug: string, page: number, search: string) {
  return useQuery({
    queryKey: releaseKeys.list(slug, page, search),
    queryFn: () => fetchJson<ReleaseListDto>(`${path(slug)}?page=${page}&search=${encodeURIComponent(search)}`),
    placeholderData: keepPreviousData,
  });
}

export function useRelease(slug: string, version: string) {
  return useQuery({ queryKey: releaseKeys.detail(slug, version), queryFn: () => fetchJson<ReleaseDto>(path(slug, version)) });
}

function useInvalidate(slug: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([client.invalidateQueries({ queryKey: releaseKeys.all(slug) }), client.invalidateQueries({ queryKey: ["board", slug] })]);
}

export function useCreateRelease(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: CreateReleaseInput) => fetchJson<ReleaseDto>(path(slug), { method: "POST", body: input }),
    onSuccess: () => invalidate(),
  });
}

export function useAbandonRelease(slug: string, version: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (reason: string) => fetchJson<ReleaseDto>(`${path(slug, version)}/abandon`, { method: "POST", body: { reason } }),
    onSuccess: () => invalidate(),
  });
}

export function useCommentOnRelease(slug: string, version: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => fetchJson<ReleaseDto>(`${path(slug, version)}/comments`, { method: "POST", body: { body } }),
    onSuccess: (release) => client.setQueryData(releaseKeys.detail(slug, version), release),
  });
}
