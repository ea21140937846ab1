"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, postFile } from "@/lib/http/fetch-json";
import { attachmentKeys } from "./keys";
import type { AttachmentDto, AttachmentListDto } from "./schemas";

/** What files are attached to: a result in a run, or a test case. */
export type AttachmentTarget = { kind: "result"; runId: string; resultId: string } | { kind: "case"; slug: string; caseKey: string };

function attachmentsPath(target: AttachmentTarget): string {
  return target.kind === "result"
    ? `/api/v1/runs/${target.runId}/results/${target.resultId}/attachments`
    : `/api/v1/projects/${target.slug}/cases/${target.caseKey}/attachments`;
}

const keyOf = (target: AttachmentTarget) => attachmentKeys.list(attachmentsPath(target));

export function useAttachments(target: AttachmentTarget, enabled = true) {
  return useQuery({
    queryKey: keyOf(target),
    // J/K on the execution page pass results faster than they load: one left is not waited for.
    queryFn: ({ signal }) => fetchJson<AttachmentListDto>(attachmentsPath(target), { signal }),
    enabled,
  });
}

export function useRefreshAttachments(target: AttachmentTarget) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keyOf(target) });
}

export function useRemoveAttachment(target: AttachmentTarget) {
  const refresh = useRefreshAttachments(target);
  return useMutation({
    mutationFn: (id: string) => fetchJson<AttachmentDto>(`/api/v1/attachments/${id}`, { method: "DELETE" }),
    onSettled: () => refresh(),
  });
}

/** Streams a file as the request body, reporting upload progress (0–1). */
export function uploadAttachment(target: AttachmentTarget, file: File, onProgress: (fraction: number) => void): Promise<AttachmentDto> {
  return postFile<AttachmentDto>(
    attachmentsPath(target),
    file,
    { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(file.name) },
    onProgress,
  );
}
