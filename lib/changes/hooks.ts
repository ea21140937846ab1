"use client";
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { changesKeys } from "./keys";
import type { ChangesDto } from "./schemas";

/** What a promotion changes; read only once asked for (the panel is opened). */
export function usePromotionChanges(id: string, enabled: boolean) {
  return useQuery({
    queryKey: changesKeys.promotion(id),
    queryFn: () => fetchJson<ChangesDto>(`/api/v1/promotions/${id}/changes`),
    enabled,
  });
}

/** What promoting a release into the environment `to` changes (nothing is read until one is chosen). */
export function useReleaseChanges(slug: string, version: string, to: string) {
  return useQuery({
    queryKey: changesKeys.release(slug, version, to),
    queryFn: () =>
      fetchJson<ChangesDto>(`/api/v1/projects/${slug}/releases/${encodeURIComponent(version)}/changes?to=${encodeURIComponent(to)}`),
    enabled: to !== "",
  });
}
