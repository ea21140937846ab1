"use client";
import { ArrowLeft, ArrowRight } from "lucide-react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from "react";
import { toast } from "sonner";
import { Attachments } from "@/components/attachments/attachments";
import { TimeAgo } from "@/components/format/time";
import { Markdown } from "@/components/markdown/markdown";
import { MentionTextarea } from "@/components/mentions/mention-textarea";
import { Loaded } from "@/components/query/loaded";
import { DefectLinks, type Viewer } from "@/components/test-runs/defect-links";
import { RunProgress } from "@/components/test-runs/progress-bar";
import { ResultBadge } from "@/components/test-runs/result-badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import type { ResultStatus } from "@/lib/generated/prisma/enums";
import { assigneeFilterOf, assigneeParam, matchesAssignee } from "@/lib/test-runs/assignee-filter";
import { useAttachments } from "@/lib/attachments/hooks";
import { useRecordResult, useResultDetail, useRun, useUndoResult } from "@/lib/test-runs/hooks";
import { RESULT_STATUSES, resultLabels, type ResultDto, type RunDto, type StatusCounts } from "@/lib/test-runs/schemas";
import { STEP_ACTIONS, StepResults, type StepControls } from "./step-results";

const ACTIONS: { status: ResultStatus; key: string; label: string; variant: "success" | "danger" | "secondary" }[] = [
  { status: "PASSED", key: "p", label: "Pass", variant: "success" },
  { status: "FAILED", key: "f", label: "Fail", variant: "danger" },
  { status: "BLOCKED", key: "b", label: "Blocked", variant: "secondary" },
  { status: "SKIPPED", key: "s", label: "Skip", variant: "secondary" },
];

/** The execution page's keys, as the `?` map shows them (the handler below reads the same keys). */
const KEY_MAP: { keys: string[]; what: string }[] = [
  { keys: ["P", "F", "B", "S"], what: "Record pass, fail, blocked or skip, and go to the next untested case" },
  { keys: ["Enter"], what: "Write a note (Esc leaves it, the note kept)" },
  { keys: ["Shift+P", "Shift+F", "Shift+B", "Shift+S"], what: "Choose the result, then write its note" },
  { keys: ["Ctrl+Enter"], what: "In the note: record the chosen result with the note" },
  { keys: ["U"], what: "Undo the last result you recorded (within 10 seconds)" },
  { keys: ["J", "→"], what: "Next case" },
  { keys: ["K", "←"], what: "Previous case" },
  { keys: ["N"], what: "Next untested case" },
  { keys: ["↓", "↑"], what: "Next or previous step" },
  {
    keys: STEP_ACTIONS.map((action) => action.key),
    what: "Mark the step passed (and go to the next step), failed or blocked (the first untested step when none is chosen)",
  },
  { keys: ["A"], what: "Write the step's actual result (Enter or Esc goes back to the step)" },
  { keys: ["?"], what: "Show these keys" },
];

/** How long U can take a result back: the toast that offers it stays as long. */
const UNDO_MS = 10_000;

const dot: Record<ResultStatus, string> = {
  PASSED: "bg-emerald-500",
  FAILED: "bg-rose-500",
  BLOCKED: "bg-amber-500",
  SKIPPED: "bg-sky-400",
  UNTESTED: "bg-slate-300",
};

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.tagName === "SELECT");

/** The last result recorded on this page, and the note it was recorded with (an undo gives it back as a draft). */
type Recorded = { resultId: string; caseKey: string; status: ResultStatus; note: string; at: number };

type ExecutorProps = {
  slug: string;
  run: RunDto;
  initialResultId: string | null;
  viewer: Viewer;
  /** The run's assignee filter being walked (`?assignee=`), kept in the address from case to case. */
  walk: string | null;
};

function Executor({ slug, run, initialResultId, viewer, walk }: ExecutorProps) {
  const router = useRouter();
  const [currentId, setCurrentId] = useState(
    initialResultId && run.results.some((r) => r.id === initialResultId) ? initialResultId : (run.results[0]?.id ?? null),
  );
  const index = run.results.findIndex((r) => r.id === currentId);
  const current: ResultDto | undefined = run.results[index];
  // Keys come faster than React renders: what they act on is read from refs that change at once.
  const currentRef = useRef(currentId);
  const noteText = useRef("");
  const detail = useResultDetail(slug, run.id, currentId);
  const fileHistory = useAttachments({ kind: "result", runId: run.id, resultId: currentId ?? "" }, currentId !== null).data?.history ?? [];
  const record = useRecordResult(slug, run.id);
  const undo = useUndoResult(slug, run.id);
  const [note, setNoteState] = useState("");
  // Notes written for other cases and not recorded yet, by result id.
  const drafts = useRef(new Map<string, string>());
  const [draftCount, setDraftCount] = useState(0);
  useUnsavedChanges(note.trim() !== "" || draftCount > 0, "Leave without recording? Notes you wrote will be lost.");
  const setNote = useCallback((text: string) => {
    noteText.current = text;
    setNoteState(text);
  }, []);
  // The result the note is recorded with (Ctrl+Enter); null until chosen, then shown beside the note.
  const [noteResult, setNoteResult] = useState<ResultStatus | null>(null);
  const [replacing, setReplacing] = useState<ResultStatus | null>(null);
  const [keysShown, setKeysShown] = useState(false);
  const lastRecorded = useRef<Recorded | null>(null);
  // Results recorded on this page: done, even while a slower read of the run still calls them untested.
  const recordedHere = useRef(new Set<string>());
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const stepsRef = useRef<StepControls>(null);
  const defaultNoteResult: ResultStatus = current && current.status !== "UNTESTED" ? current.status : "FAILED";

  const go = useCallback(
    (id: string | undefined) => {
      if (!id) return;
      // A note not yet recorded waits, as written, for its case to come back.
      const leaving = currentRef.current;
      if (leaving && leaving !== id) {
        if (noteText.current.trim()) drafts.current.set(leaving, noteText.current);
        else drafts.current.delete(leaving);
        setDraftCount(drafts.current.size);
      }
      currentRef.current = id;
      setCurrentId(id);
      setNote(drafts.current.get(id) ?? "");
      setNoteResult(null);
      router.replace(`/projects/${slug}/runs/${run.id}/execute?${walk ? `assignee=${walk}&` : ""}result=${id}`, { scroll: false });
    },
    [router, run.id, setNote, slug, walk],
  );
  const position = useCallback(() => run.results.findIndex((r) => r.id === currentRef.current), [run.results]);
  const nextUntested = useCallback(() => {
    const at = position();
    const after = [...run.results.slice(at + 1), ...run.results.slice(0, Math.max(at, 0))];
    return after.find((r) => r.status === "UNTESTED" && !recordedHere.current.has(r.id))?.id;
  }, [position, run.results]);
  const step = useCallback((by: number) => go(run.results[position() + by]?.id), [go, position, run.results]);

  // The list follows the current case, however it was reached (J/K, N, a result recorded).
  useEffect(() => {
    listRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: "nearest" });
  }, [currentId]);

  const takeBack = useCallback(() => {
    const last = lastRecorded.current;
    if (!last || Date.now() - last.at > UNDO_MS) {
      toast.info("Nothing to undo: U takes back a result within 10 seconds of recording it.", { id: "recorded", action: undefined });
      return;
    }
    lastRecorded.current = null;
    undo.mutate(
      { resultId: last.resultId, status: last.status },
      {
        onSuccess: (_, { resultId }) => {
          recordedHere.current.delete(resultId);
          // The note it was recorded with is not lost: it waits in the note box, to record again.
          if (last.note) {
            drafts.current.set(resultId, last.note);
            setDraftCount(drafts.current.size);
          }
          toast.success(`${last.caseKey}: ${resultLabels[last.status]} undone${last.note ? "; its note is back in the box" : ""}`, {
            id: "recorded",
            duration: 3000,
            action: undefined,
          });
          go(resultId);
        },
        onError: (error) => toast.error(`${last.caseKey}: ${error.message}`, { id: "recorded" }),
      },
    );
  }, [go, undo]);

  // Moves on at once (keyboard pace); the result is saved meanwhile, and an error brings the case back.
  const save = useCallback(
    (status: ResultStatus) => {
      const at = position();
      const from = run.results[at];
      if (!from) return;
      const text = noteText.current.trim();
      const changes = from.status !== status || (text || null) !== from.note;
      noteText.current = "";
      drafts.current.delete(from.id);
      setDraftCount(drafts.current.size);
      recordedHere.current.add(from.id);
      go(nextUntested() ?? run.results[at + 1]?.id ?? from.id);
      panelRef.current?.focus({ preventScroll: true });
      // U takes back this one, the last key pressed, even before the server has answered: the undo
      // waits in the same queue as the recordings (lib/test-runs/hooks.ts).
      lastRecorded.current = changes ? { resultId: from.id, caseKey: from.caseKey, status, note: text, at: Date.now() } : null;
      toast.success(`${from.caseKey}: ${resultLabels[status]}`, {
        id: "recorded",
        duration: UNDO_MS,
        action: changes ? { label: "Undo (U)", onClick: takeBack } : undefined,
      });
      record.mutate(
        { resultId: from.id, status, note: text || undefined },
        {
          onError: (error) => {
            if (from.status === "UNTESTED") recordedHere.current.delete(from.id);
            toast.error(`${from.caseKey}: ${error.message}`, { id: "recorded" });
            go(from.id);
          },
        },
      );
    },
    [go, nextUntested, position, record, run.results, takeBack],
  );

  // A result a JUnit report brought in is replaced only once confirmed.
  const mark = useCallback(
    (status: ResultStatus) => {
      const result = run.results[position()];
      if (result?.source === "IMPORT" && result.status !== "UNTESTED") setReplacing(status);
      else save(status);
    },
    [position, run.results, save],
  );

  const openNote = useCallback(
    (status: ResultStatus | null) => {
      setNoteResult((chosen) => status ?? chosen ?? defaultNoteResult);
      noteRef.current?.focus();
    },
    [defaultNoteResult],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.metaKey || event.ctrlKey || isTyping(event.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      const target = event.target as HTMLElement;
      const key = event.key.toLowerCase();
      const action = ACTIONS.find((a) => a.key === key);
      const stepAction = STEP_ACTIONS.find((a) => a.key === event.key);
      if (event.key === "Enter") {
        // Enter on a control other than the current case's own list entry does what the control does.
        const control = target.closest("button, a, summary");
        if (control && control.getAttribute("aria-current") !== "true") return;
        event.preventDefault();
        openNote(null);
      } else if (event.key === "?") {
        event.preventDefault();
        setKeysShown(true);
      } else if (action && event.shiftKey) {
        event.preventDefault();
        openNote(action.status);
      } else if (action) {
        event.preventDefault();
        mark(action.status);
      } else if (key === "u") {
        event.preventDefault();
        takeBack();
      } else if (key === "j" || event.key === "ArrowRight") {
        event.preventDefault();
        step(1);
      } else if (key === "k" || event.key === "ArrowLeft") {
        event.preventDefault();
        step(-1);
      } else if (key === "n") {
        event.preventDefault();
        go(nextUntested());
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        // A case without steps leaves the arrows to scroll the page.
        if (stepsRef.current?.move(event.key === "ArrowDown" ? 1 : -1)) event.preventDefault();
      } else if (stepAction && !event.shiftKey) {
        if (stepsRef.current?.mark(stepAction.status)) event.preventDefault();
      } else if (key === "a" && !event.shiftKey) {
        if (stepsRef.current?.editActual()) event.preventDefault();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go, mark, nextUntested, openNote, step, takeBack]);

  function onNoteKey(event: ReactKeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      if (!note.trim()) setNoteResult(null);
      panelRef.current?.focus({ preventScroll: true });
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      mark(noteResult ?? defaultNoteResult);
    }
  }

  const done = run.total - run.counts.UNTESTED;
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div>
          <Link href={`/projects/${slug}/runs/${run.id}`} className="text-xs text-slate-500 hover:underline">
            ← Run #{run.number} · {run.release.version} on {run.environment.name}
          </Link>
          <h1 className="text-lg font-semibold">
            Executing run #{run.number}
            {walk ? (
              <span className="ml-2 text-sm font-normal text-slate-500">{walk === "mine" ? "your cases" : "one assignee's cases"}</span>
            ) : null}
          </h1>
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
        {/* On a phone the case being executed comes first and the list, shorter, below it. */}
        <Card className="order-2 max-h-[40vh] overflow-y-auto p-2 lg:order-1 lg:max-h-[70vh]">
          <ol aria-label="Cases in this run" className="space-y-0.5" ref={listRef}>
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
                  <span className="shrink-0 font-mono whitespace-nowrap text-slate-600">{result.caseKey}</span>
                  <span className="truncate">{result.title}</span>
                </button>
              </li>
            ))}
          </ol>
        </Card>
        {current ? (
          <Card
            className="order-1 p-4 focus:outline-none sm:p-6 lg:order-2"
            role="region"
            aria-label={`Executing ${current.caseKey}`}
            ref={panelRef}
            tabIndex={-1}
          >
            <div className="flex items-start justify-between gap-4">
              <div>
                <p className="font-mono text-xs text-slate-500">
                  {current.caseKey} · revision {current.caseRevision} {current.newerRevision ? "(edited since this run started)" : ""}
                </p>
                <h2 className="text-lg font-semibold">{detail.data?.pinned.title ?? current.title}</h2>
              </div>
              <ResultBadge status={current.status} />
            </div>
            <DefectLinks key={current.id} slug={slug} runId={run.id} result={current} viewer={viewer} className="mt-3" />
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
                  <StepResults
                    key={current.id}
                    ref={stepsRef}
                    slug={slug}
                    runId={run.id}
                    resultId={current.id}
                    steps={detail.data.pinned.steps}
                    results={detail.data.steps}
                  />
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
              <Field label="Note" hint="What you saw, especially when it fails (Markdown works; @ mentions a member)">
                <MentionTextarea ref={noteRef} value={note} onValueChange={setNote} onKeyDown={onNoteKey} rows={2} />
              </Field>
              {noteResult ? (
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <label htmlFor="note-result">
                    <kbd className="rounded border border-slate-300 px-1">Ctrl+Enter</kbd> records it as
                  </label>
                  <Select
                    id="note-result"
                    className="h-7 w-auto py-0 text-xs"
                    value={noteResult}
                    onChange={(e) => setNoteResult(e.target.value as ResultStatus)}
                  >
                    {ACTIONS.map((action) => (
                      <option key={action.status} value={action.status}>
                        {resultLabels[action.status]}
                      </option>
                    ))}
                  </Select>
                  <span>· Esc leaves the note</span>
                </div>
              ) : null}
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
              <p className="text-xs text-slate-500">
                Keys: P pass · F fail · B blocked · S skip · Enter note · U undo · J/K next/previous · N next untested · ↓/↑ step · 1/2/3
                pass/fail/block the step · A its actual result ·{" "}
                <button type="button" className="underline hover:text-slate-800" onClick={() => setKeysShown(true)}>
                  ? all keys
                </button>
              </p>
            </div>
            <Attachments
              key={`files-${current.id}`}
              target={{ kind: "result", runId: run.id, resultId: current.id }}
              viewer={viewer}
              label={current.caseKey}
              pasteAnywhere
              className="mt-6"
            />
            {detail.data?.history.length || fileHistory.length ? (
              <div className="mt-6">
                <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">History</h3>
                <ol className="mt-1 space-y-1 text-xs" aria-label="History">
                  {[
                    // Files attached and removed, between the statuses, in the order they happened.
                    ...fileHistory.map((event, i) => ({
                      at: event.at,
                      key: `file-${i}`,
                      node: (
                        <span className="min-w-0 break-words">
                          {event.action} {event.fileName} by {event.by} <TimeAgo iso={event.at} />
                        </span>
                      ),
                    })),
                    ...(detail.data?.history ?? []).map((event, i) => ({
                      at: event.at,
                      key: `status-${i}`,
                      node: (
                        <>
                          {/* A step's actual result written alone changed no status: it shows none. */}
                          {event.stepChange === "actual" ? (
                            <span className="inline-flex shrink-0 items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
                              Note
                            </span>
                          ) : (
                            <ResultBadge status={event.status} />
                          )}
                          <div className="min-w-0">
                            {/* A step's mark says which step, and its actual result is the step's, not the case's note. */}
                            {event.step !== null ? (
                              <span className="font-medium">
                                Step {event.step}
                                {event.stepChange === "actual"
                                  ? event.note
                                    ? "'s actual result written"
                                    : "'s actual result removed"
                                  : ""}{" "}
                              </span>
                            ) : null}
                            {event.source === "IMPORT" ? "imported from a JUnit report " : ""}
                            {event.by === "JUnit import" ? "" : <>by {event.by} </>}
                            <TimeAgo iso={event.at} />
                            {event.fromStep !== null ? ` · from step ${event.fromStep}` : ""}
                            {event.flaky ? " · flaky" : ""}
                            {event.note ? (
                              event.step !== null ? (
                                <p className="mt-0.5 break-words text-slate-700">Actual: {event.note}</p>
                              ) : (
                                <Markdown text={event.note} className="mt-0.5 text-slate-700" />
                              )
                            ) : null}
                          </div>
                        </>
                      ),
                    })),
                  ]
                    .sort((a, b) => a.at.localeCompare(b.at))
                    .map((entry) => (
                      <li key={entry.key} className="flex items-start gap-2">
                        {entry.node}
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
      <Dialog open={keysShown} onOpenChange={setKeysShown} title="Keys for executing a run">
        <table className="w-full text-sm">
          <caption className="sr-only">Keys and what they do</caption>
          <tbody>
            {KEY_MAP.map((row) => (
              <tr key={row.what} className="border-t border-slate-100 first:border-0">
                <th scope="row" className="py-1.5 pr-3 text-left align-top font-normal whitespace-nowrap">
                  {row.keys.map((key) => (
                    <kbd key={key} className="mr-1 rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">
                      {key}
                    </kbd>
                  ))}
                </th>
                <td className="py-1.5 text-slate-700">{row.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Dialog>
      <Dialog
        open={replacing !== null}
        onOpenChange={(open) => !open && setReplacing(null)}
        title="Replace an imported result?"
        description={
          current && replacing
            ? `${current.caseKey}'s result came from a JUnit report: ${resultLabels[current.status]}. Record ${resultLabels[replacing]} by hand instead?`
            : undefined
        }
      >
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={() => setReplacing(null)}>
            Keep the imported result
          </Button>
          <Button
            autoFocus
            onClick={() => {
              const status = replacing;
              setReplacing(null);
              if (status) save(status);
            }}
          >
            Record {replacing ? resultLabels[replacing] : ""}
          </Button>
        </div>
      </Dialog>
    </>
  );
}

export function ExecuteView({
  slug,
  runId,
  initialResultId,
  viewer,
}: {
  slug: string;
  runId: string;
  initialResultId: string | null;
  viewer: Viewer;
}) {
  // With the run's assignee filter (`?assignee=mine`), execution walks only those cases.
  const filter = assigneeFilterOf(useSearchParams());
  return (
    <Loaded query={useRun(slug, runId)}>
      {(run) => {
        if (!filter) return <Executor slug={slug} run={run} initialResultId={initialResultId} viewer={viewer} walk={null} />;
        const results = run.results.filter((r) => matchesAssignee(r, filter, viewer.id));
        // A link to one case, shared by someone whose filter it was, opens that case: the walk is the whole run's then.
        if (initialResultId && !results.some((r) => r.id === initialResultId) && run.results.some((r) => r.id === initialResultId))
          return (
            <>
              <p role="status" className="mb-4 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900">
                The linked case is not {filter === "mine" ? "assigned to you" : "one the filter shows"}: this page walks every case of the
                run.
              </p>
              <Executor slug={slug} run={run} initialResultId={initialResultId} viewer={viewer} walk={null} />
            </>
          );
        if (results.length === 0)
          return (
            <Card className="p-6 text-sm text-slate-600">
              {filter === "mine" ? "No cases of this run are assigned to you." : "No cases of this run match the filter."}{" "}
              <Link href={`/projects/${slug}/runs/${run.id}/execute`} className="text-brand-700 underline">
                Execute all cases
              </Link>
            </Card>
          );
        const counts = Object.fromEntries(RESULT_STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])) as StatusCounts;
        return (
          <Executor
            slug={slug}
            run={{ ...run, results, counts, total: results.length }}
            initialResultId={initialResultId ?? results.find((r) => r.status === "UNTESTED")?.id ?? null}
            viewer={viewer}
            walk={assigneeParam(filter)}
          />
        );
      }}
    </Loaded>
  );
}
