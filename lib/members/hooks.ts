"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { memberKeys } from "./keys";
import type { CreateMemberInput, MemberDto, UpdateMemberInput } from "./schemas";

/** Everyone on the team; `enabled: false` waits (the mention picker asks only once "@" is typed). */
export function useMembers({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: memberKeys.list(), queryFn: () => fetchJson<MemberDto[]>("/api/v1/members"), enabled });
}

export function useCreateMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateMemberInput) => fetchJson<MemberDto>("/api/v1/members", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: memberKeys.all }),
  });
}

export function useUpdateMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdateMemberInput & { id: string }) =>
      fetchJson<MemberDto>(`/api/v1/members/${id}`, { method: "PATCH", body: input }),
    onSettled: () => client.invalidateQueries({ queryKey: memberKeys.all }),
  });
}
