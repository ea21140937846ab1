"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { projectKeys } from "./keys";
import type { CreateProjectInput, ProjectDto, ProjectSummaryDto } from "./schemas";

export function useProjects() {
  return useQuery({ queryKey: projectKeys.list(), queryFn: () => fetchJson<ProjectSummaryDto[]>("/api/v1/projects") });
}

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateProjectInput) => fetchJson<ProjectDto>("/api/v1/projects", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: projectKeys.all }),
  });
}
