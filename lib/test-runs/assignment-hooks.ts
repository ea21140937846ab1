"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { inboxKeys } from "@/lib/promotions/keys";
import type { AssignmentOutcome, AssignResultsInput } from "./assignment-schemas";
import { runKeys } from "./keys";

export function useAssignResults(slug: string, runId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AssignResultsInput) =>
      fetchJson<AssignmentOutcome>(`/api/v1/runs/${runId}/assignments`, { method: "POST", body: input }),
    onSuccess: () =>
      Promise.all([client.invalidateQueries({ queryKey: runKeys.all(slug) }), client.invalidateQueries({ queryKey: inboxKeys.all })]),
  });
}
