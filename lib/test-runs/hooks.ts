"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, fetchJson } from "@/lib/http/fetch-json";
import type { Problem } from "@/lib/http/problem";
import { runKeys } from "./keys";
import type {
  CreateRunInput,
  ImportSummary,
  KnownIssueDto,
  LinkDefectInput,
  RecordResultInput,
  RecordStepInput,
  ResultDetailDto,
  RunDto,
  RunSummaryDto,
  SignOffInput,
  UndoResultInput,
} from "./schemas";

export function useRuns(slug: string) {
  return useQuery({ queryKey: runKeys.list(slug), queryFn: () => fetchJson<RunSummaryDto[]>(`/api/v1/projects/${slug}/runs`) });
}

export function useRun(slug: string, id: string) {
  return useQuery({ queryKey: runKeys.detail(slug, id), queryFn: () => fetchJson<RunDto>(`/api/v1/runs/${id}`) });
}

export function useResultDetail(slug: string, runId: string, resultId: string | null) {
  return useQuery({
    queryKey: runKeys.result(slug, runId, resultId ?? "none"),
    // J/K pass cases faster than they load: a case left before its detail came is not waited for.
    queryFn: ({ signal }) => fetchJson<ResultDetailDto>(`/api/v1/runs/${runId}/results/${resultId}`, { signal }),
    enabled: resultId !== null,
  });
}

function useInvalidate(slug: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([client.invalidateQueries({ queryKey: runKeys.all(slug) }), client.invalidateQueries({ queryKey: ["board", slug] })]);
}

export function useCreateRun(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: CreateRunInput) => fetchJson<RunSummaryDto>(`/api/v1/projects/${slug}/runs`, { method: "POST", body: input }),
    onSuccess: () => invalidate(),
  });
}

/**
 * Records a result; the run's list and progress show it at once (a tester records faster than the
 * server answers), and the run is read again when the server has answered.
 */
export function useRecordResult(slug: string, runId: string) {
  const invalidate = useInvalidate(slug);
  const client = useQueryClient();
  const mutationKey = ["record-result", runId];
  return useMutation({
    mutationKey,
    // One at a time, in the order recorded: a burst of keys is a queue, not fifty transactions
    // waiting on the run's lock at once, and the last to settle knows it is the last.
    scope: { id: `record-result-${runId}` },
    mutationFn: ({ resultId, ...input }: RecordResultInput & { resultId: string }) =>
      fetchJson<RunSummaryDto>(`/api/v1/runs/${runId}/results/${resultId}`, { method: "PUT", body: input }),
    onMutate: async ({ resultId, status }) => {
      const key = runKeys.detail(slug, runId);
      await client.cancelQueries({ queryKey: key });
      client.setQueryData<RunDto>(key, (run) => {
        const was = run?.results.find((result) => result.id === resultId)?.status;
        if (!run || !was || was === status) return run;
        return {
          ...run,
          counts: { ...run.counts, [was]: run.counts[was] - 1, [status]: run.counts[status] + 1 },
          results: run.results.map((result) => (result.id === resultId ? { ...result, status, source: "MANUAL" } : result)),
        };
      });
    },
    // Read once the last of a burst is answered: a read between two recordings would show the later one undone.
    onSettled: () => {
      if (client.isMutating({ mutationKey }) === 1) void invalidate();
    },
  });
}

/**
 * Marks a step of a result: the result's panel shows it at once, and the run (where the case's
 * result follows its steps) is read again once the server has answered.
 */
export function useRecordStep(slug: string, runId: string) {
  const invalidate = useInvalidate(slug);
  const client = useQueryClient();
  return useMutation({
    // In the recordings' queue: a step marked and the case recorded right after arrive in that order.
    scope: { id: `record-result-${runId}` },
    mutationFn: ({ resultId, position, ...input }: RecordStepInput & { resultId: string; position: number }) =>
      fetchJson<ResultDetailDto>(`/api/v1/runs/${runId}/results/${resultId}/steps/${position}`, { method: "PUT", body: input }),
    onMutate: async ({ resultId, position, status, actual }) => {
      const key = runKeys.result(slug, runId, resultId);
      await client.cancelQueries({ queryKey: key });
      client.setQueryData<ResultDetailDto>(key, (detail) => {
        if (!detail) return detail;
        const was = detail.steps.find((step) => step.position === position);
        const step = {
          position,
          status: status ?? was?.status ?? "UNTESTED",
          actual: actual === undefined ? (was?.actual ?? null) : actual?.trim() || null,
          by: was?.by ?? "",
          at: new Date().toISOString(),
        };
        const steps = [...detail.steps.filter((s) => s.position !== position), step].sort((a, b) => a.position - b.position);
        return { ...detail, steps };
      });
    },
    onSettled: () => invalidate(),
  });
}

/** Takes back the caller's latest recording of a result (the execution page's U). */
export function useUndoResult(slug: string, runId: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    // In the recordings' queue: an undo pressed before its recording was answered waits for it.
    scope: { id: `record-result-${runId}` },
    mutationFn: ({ resultId, ...input }: UndoResultInput & { resultId: string }) =>
      fetchJson<RunSummaryDto>(`/api/v1/runs/${runId}/results/${resultId}/undo`, { method: "POST", body: input }),
    onSettled: () => invalidate(),
  });
}

export function useSignOff(slug: string, runId: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: SignOffInput) => fetchJson<RunSummaryDto>(`/api/v1/runs/${runId}/sign-off`, { method: "POST", body: input }),
    onSettled: () => invalidate(),
  });
}

/** Links an issue to a failed or blocked result (its case carries it into later runs). */
export function useLinkDefect(slug: string, runId: string, resultId: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: LinkDefectInput) =>
      fetchJson<KnownIssueDto>(`/api/v1/runs/${runId}/results/${resultId}/defect-links`, { method: "POST", body: input }),
    onSuccess: () => invalidate(),
  });
}

export function useRemoveDefectLink(slug: string, runId: string, resultId: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (linkId: string) =>
      fetchJson<KnownIssueDto>(`/api/v1/runs/${runId}/results/${resultId}/defect-links/${linkId}`, { method: "DELETE" }),
    onSettled: () => invalidate(),
  });
}

/** Streams a report as the request body, reporting upload progress (0–1). */
export function uploadJunit(
  runId: string,
  file: File,
  attachments: File[],
  onProgress: (fraction: number) => void,
): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/runs/${runId}/junit`);
    // With files: multipart, the report first (the browser sets the boundary); alone, the report as the body.
    const form = attachments.length ? new FormData() : null;
    if (form) {
      form.append("report", file, file.name);
      for (const attachment of attachments) form.append("attachment", attachment, attachment.name);
    } else {
      xhr.setRequestHeader("content-type", "application/xml");
      xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    }
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onerror = () => reject(new ApiError(0, "Shiproom cannot be reached: check your connection."));
    xhr.onload = () => {
      const data = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as ImportSummary);
      const problem = data as Partial<Problem> | undefined;
      reject(new ApiError(xhr.status, problem?.detail ?? `Upload failed (${xhr.status}).`, problem?.errors ?? []));
    };
    xhr.send(form ?? file);
  });
}
