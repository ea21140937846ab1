"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import type { BoardDto } from "./board";
import type { PortfolioBoardDto } from "./portfolio";
import { boardKeys, inboxKeys } from "./keys";
import type { NudgeDto, PromotionDto, RequestPromotionInput } from "./schemas";

export function useBoard(slug: string) {
  return useQuery({ queryKey: boardKeys.project(slug), queryFn: () => fetchJson<BoardDto>(`/api/v1/projects/${slug}/board`) });
}

/** The board across projects; live like a project's board (a change to any board makes it stale). */
export function usePortfolioBoard() {
  return useQuery({ queryKey: boardKeys.portfolio, queryFn: () => fetchJson<PortfolioBoardDto>("/api/v1/board") });
}

function useRefreshAfter() {
  const client = useQueryClient();
  return async (slug: string) => {
    await Promise.all([
      client.invalidateQueries({ queryKey: boardKeys.project(slug) }),
      client.invalidateQueries({ queryKey: inboxKeys.all }),
      client.invalidateQueries({ queryKey: ["releases", slug] }),
    ]);
  };
}

export function useRequestPromotion(slug: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: (input: RequestPromotionInput) =>
      fetchJson<PromotionDto>(`/api/v1/projects/${slug}/promotions`, { method: "POST", body: input }),
    onSettled: () => refresh(slug),
  });
}

export type PromotionAction = "approve" | "reject" | "cancel" | "report" | "override-freeze";

export function usePromotionAction(slug: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: PromotionAction; body?: Record<string, unknown> }) =>
      fetchJson<PromotionDto>(`/api/v1/promotions/${id}/${action}`, { method: "POST", body: body ?? {} }),
    onSettled: () => refresh(slug),
  });
}

/** Nudges who may still approve a waiting promotion (the server refuses a second within the hour). */
export function useNudge(slug: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: (id: string) => fetchJson<NudgeDto>(`/api/v1/promotions/${id}/nudge`, { method: "POST" }),
    onSettled: () => refresh(slug),
  });
}
