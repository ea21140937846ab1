"use client";
import { ArrowLeft, ArrowRight } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { Loaded } from "@/components/query/loaded";
import { RunProgress } from "@/components/test-runs/progress-bar";
import { ResultBadge } from "@/components/test-runs/result-badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { ResultStatus } from "@/lib/generated/prisma/enums";
import { useRecordResult, useResultDetail, useRun } from "@/lib/test-runs/hooks";
import { resultLabels, type ResultDto, type RunDto } from "@/lib/test-runs/schemas";

const ACTIONS: { status: ResultStatus; key: string; label: string; variant: "success" | "danger" | "secondary" }[] = [
  { status: "PASSED", key: "p", label: "Pass", variant: "success" },
  { status: "FAILED", key: "f", label: "Fail", variant: "danger" },
  { status: "BLOCKED", key: "b", label: "Blocked", variant: "secondary" },
  { status: "SKIPPED", key: "s", label: "Skip", variant: "secondary" },
];

const dot: Record<ResultStatus, string> = {
  PASSED: "bg-emerald-500",
  FAILED: "bg-rose-500",
  BLOCKED: "bg-amber-500",
  SKIPPED: "bg-sky-400",
  UNTESTED: "bg-slate-300",
};

function Executor({ slug, run, initialResultId }: { slug: string; run: RunDto; initialResultId: string | null }) {
  const router = useRouter();
  const [currentId, setCurrentId] = useState(
    initialResultId && run.results.some((r) => r.id === initialResultId) ? initialResultId : (run.results[0]?.id ?? null),
  );
  const index = run.results.findIndex((r) => r.id === currentId);
  const current: ResultDto | undefined = run.results[index];
  const detail = useResultDetail(slug, run.id, currentId);
  const record = useRecordResult(slug, run.id);
  const [note, setNote] = useState("");

  const go = useCallback(
    (id: string | undefined) => {
      if (!id) return;
      setCurrentId(id);
      setNote("");
      router.replace(`/projects/${slug}/runs/${run.id}/execute?result=${id}`, { scroll: false });
    },
    [router, run.id, slug],
  );
  const nextUntested = useCallback(() => {
    const after = [...run.results.slice(index + 1), ...run.results.slice(0, index)];
    return after.find((r) => r.status === "UNTESTED")?.id;
  }, [index, run.results]);

  // Moves on at once (keyboard pace); the result is saved meanwhile, and an error brings the case back.
  const mark = useCallback(
    (status: ResultStatus) => {
      if (!current) return;
      const from = current;
      go(nextUntested() ?? run.results[index + 1]?.id ?? from.id);
      record.mutate(
        { resultId: from.id, status, note: note.trim() || undefined },
        {
          onSuccess: () => toast.success(`${from.caseKey}: ${resultLabels[status]}`, { duration: 1500 }),
          onError: (error) => {
            toast.error(`${from.caseKey}: ${error.message}`);
            go(from.id);
          },
        },
      );
    },
    [current, go, index, nextUntested, note, record, run.results],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      const typing = target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.tagName === "SELECT";
      if (typing || event.metaKey || event.ctrlKey || event.altKey) return;
      const action = ACTIONS.find((a) => a.key === event.key.toLowerCase());
      if (action) {
        event.preventDefault();
        mark(action.status);
      } else if (event.key === "j" || event.key === "ArrowRight") {
        go(run.results[index + 1]?.id);
      } else if (event.key === "k" || event.key === "ArrowLeft") {
        go(run.results[index - 1]?.id);
      } else if (event.key === "n") {
        go(nextUntested());
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go, index, mark, nextUntested, run.results]);

  const done = run.total - run.counts.UNTESTED;
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div>
          <Link href={`/projects/${slug}/runs/${run.id}`} className="text-xs text-slate-500 hover:underline">
            ← Run #{run.number} · {run.release.version} on {run.environment.name}
          </Link>
          <h1 className="text-lg font-semibold">Executing run #{run.number}</h1>
        </div>
        <div className="w-72">
          <div className="mb-1 flex justify-between text-xs text-slate-500">
            <span>
              {done} of {run.total} executed
            </span>
            <span>{Math.round((done / Math.max(run.total, 1)) * 100)}%</span>
          </div>
          <RunProgress counts={run.counts} total={run.total} />
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-[18rem_1fr]">
        <Card className="max-h-[70vh] overflow-y-auto p-2">
          <ol aria-label="Cases in this run" className="space-y-0.5">
            {run.results.map((result) => (
              <li key={result.id}>
                <button
                  type="button"
                  onClick={() => go(result.id)}
                  aria-current={result.id === currentId ? "true" : undefined}
                  className={cn(
                    "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-xs",
                    result.id === currentId ? "bg-brand-50 text-brand-800" : "hover:bg-slate-50",
                  )}
                >
                  <span className={cn("size-2 shrink-0 rounded-full", dot[result.status])} aria-label={resultLabels[result.status]} />
                  <span className="font-mono text-slate-600">{result.caseKey}</span>
                  <span className="truncate">{result.title}</span>
                </button>
              </li>
            ))}
          </ol>
        </Card>
        {current ? (
          <Card className="p-6" aria-label={`Executing ${current.caseKey}`}>
            <div className="flex items-start justify-between gap-4">
              <div>
                <p className="font-mono text-xs text-slate-500">
                  {current.caseKey} · revision {current.caseRevision} {current.newerRevision ? "(edited since this run started)" : ""}
                </p>
                <h2 className="text-lg font-semibold">{detail.data?.pinned.title ?? current.title}</h2>
              </div>
              <ResultBadge status={current.status} />
            </div>
            {detail.isPending ? (
              <Skeleton className="mt-4 h-32" />
            ) : detail.data ? (
              <div className="mt-4 space-y-4 text-sm">
                {detail.data.pinned.preconditions ? (
                  <p className="rounded-md bg-slate-50 px-3 py-2 text-slate-700">
                    <span className="font-medium">Preconditions: </span>
                    {detail.data.pinned.preconditions}
                  </p>
                ) : null}
                {detail.data.pinned.steps?.length ? (
                  <ol className="space-y-2" aria-label="Steps">
                    {detail.data.pinned.steps.map((step, i) => (
                      <li key={i} className="grid grid-cols-[1.5rem_1fr_1fr] gap-3">
                        <span className="text-slate-500">{i + 1}.</span>
                        <span>{step.action}</span>
                        <span className="text-slate-600">→ {step.expected}</span>
                      </li>
                    ))}
                  </ol>
                ) : (
                  <p className="text-slate-500">
                    {current.kind === "AUTOMATED" ? "An automated case: its results come from JUnit reports." : "No steps written."}
                  </p>
                )}
                {detail.data.output ? (
                  <pre className="max-h-48 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{detail.data.output}</pre>
                ) : null}
              </div>
            ) : null}
            <div className="mt-6 space-y-3">
              <Field label="Note" hint="What you saw, especially when it fails">
                <Textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
              </Field>
              <div className="flex flex-wrap items-center gap-2">
                {ACTIONS.map((action) => (
                  <Button
                    key={action.status}
                    variant={action.variant}
                    onClick={() => mark(action.status)}
                    loading={record.isPending && record.variables?.status === action.status}
                    aria-keyshortcuts={action.key}
                  >
                    {action.label}{" "}
                    <kbd className="ml-1 rounded border border-current/30 px-1 text-[10px] opacity-70">{action.key.toUpperCase()}</kbd>
                  </Button>
                ))}
                <span className="ml-auto flex gap-1">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label="Previous case"
                    aria-keyshortcuts="k"
                    disabled={index <= 0}
                    onClick={() => go(run.results[index - 1]?.id)}
                  >
                    <ArrowLeft className="size-4" aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label="Next case"
                    aria-keyshortcuts="j"
                    disabled={index >= run.results.length - 1}
                    onClick={() => go(run.results[index + 1]?.id)}
                  >
                    <ArrowRight className="size-4" aria-hidden />
                  </Button>
                </span>
              </div>
              <p className="text-xs text-slate-500">Keys: P pass · F fail · B blocked · S skip · J/K next/previous · N next untested</p>
            </div>
            {detail.data?.history.length ? (
              <div className="mt-6">
                <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">History</h3>
                <ol className="mt-1 space-y-1 text-xs" aria-label="History">
                  {detail.data.history.map((event, i) => (
                    <li key={i} className="flex items-center gap-2">
                      <ResultBadge status={event.status} />
                      <span>
                        by {event.by} <TimeAgo iso={event.at} />
                        {event.note ? `: “${event.note}”` : ""}
                      </span>
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
          </Card>
        ) : (
          <Card className="p-6 text-sm text-slate-500">This run has no cases.</Card>
        )}
      </div>
    </>
  );
}

export function ExecuteView({ slug, runId, initialResultId }: { slug: string; runId: string; initialResultId: string | null }) {
  return <Loaded query={useRun(slug, runId)}>{(run) => <Executor slug={slug} run={run} initialResultId={initialResultId} />}</Loaded>;
}
