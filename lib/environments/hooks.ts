"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { environmentKeys } from "./keys";
import type { EnvironmentPolicyDto, SavedPolicyDto, UpdatePolicyInput } from "./schemas";

export function usePolicies(slug: string) {
  return useQuery({
    queryKey: environmentKeys.policies(slug),
    queryFn: () => fetchJson<EnvironmentPolicyDto[]>(`/api/v1/projects/${slug}/environments`),
  });
}

export function useUpdatePolicy(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdatePolicyInput & { id: string }) =>
      fetchJson<SavedPolicyDto>(`/api/v1/projects/${slug}/environments/${id}/policy`, { method: "PUT", body: input }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: environmentKeys.policies(slug) }),
        client.invalidateQueries({ queryKey: ["board", slug] }),
      ]),
  });
}

export function useRotateDeployHookSecret(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      fetchJson<{ secret: string; secretPrefix: string }>(`/api/v1/projects/${slug}/environments/${id}/deploy-hook-secret`, {
        method: "POST",
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: environmentKeys.policies(slug) }),
  });
}
