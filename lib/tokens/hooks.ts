"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { tokenKeys } from "./keys";
import type { CreatedTokenDto, CreateTokenInput, TokenDto } from "./schemas";

export function useTokens(slug: string) {
  return useQuery({ queryKey: tokenKeys.list(slug), queryFn: () => fetchJson<TokenDto[]>(`/api/v1/projects/${slug}/tokens`) });
}

export function useCreateToken(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) => fetchJson<CreatedTokenDto>(`/api/v1/projects/${slug}/tokens`, { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokenKeys.list(slug) }),
  });
}

export function useRevokeToken(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<TokenDto>(`/api/v1/projects/${slug}/tokens/${id}/revoke`, { method: "POST" }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokenKeys.list(slug) }),
  });
}
