"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { environmentKeys } from "./keys";
import type { EnvironmentPolicyDto, UpdatePolicyInput } from "./schemas";

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
      fetchJson<EnvironmentPolicyDto>(`/api/v1/projects/${slug}/environments/${id}/policy`, { method: "PUT", body: input }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: environmentKeys.policies(slug) }),
        client.invalidateQueries({ queryKey: ["board", slug] }),
      ]),
  });
}
