"use client";
import { useImperativeHandle, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type Ref } from "react";
import { toast } from "sonner";
import { ResultBadge } from "@/components/test-runs/result-badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { ApiError } from "@/lib/http/fetch-json";
import { useRecordStep } from "@/lib/test-runs/hooks";
import { resultLabels, type StepResultDto, type StepStatus } from "@/lib/test-runs/schemas";

/** A step's buttons and their keys (the execution page's key map lists the same). */
export const STEP_ACTIONS: { status: StepStatus; key: string; label: string; variant: "success" | "danger" | "secondary" }[] = [
  { status: "PASSED", key: "1", label: "Pass", variant: "success" },
  { status: "FAILED", key: "2", label: "Fail", variant: "danger" },
  { status: "BLOCKED", key: "3", label: "Blocked", variant: "secondary" },
];

function without<T>(all: Record<number, T>, position: number): Record<number, T> {
  const rest = { ...all };
  delete rest[position];
  return rest;
}

/** What the execution page's keys do to the steps; each answers false when the case has no steps. */
export type StepControls = {
  /** Focuses the next (1) or previous (-1) step. */
  move: (by: 1 | -1) => boolean;
  /** Marks the focused step (else the first untested one); a passed step moves on, a failed or blocked one stays for its actual result. */
  mark: (status: StepStatus) => boolean;
  /** Focuses the focused step's actual result. */
  editActual: () => boolean;
};

/** The steps of the case as the run pinned it, each marked passed, failed or blocked with what the tester saw. */
export function StepResults({
  ref,
  slug,
  runId,
  resultId,
  steps,
  results,
}: {
  ref: Ref<StepControls>;
  slug: string;
  runId: string;
  resultId: string;
  steps: { action: string; expected: string }[];
  results: StepResultDto[];
}) {
  const record = useRecordStep(slug, runId);
  const [focused, setFocused] = useState<number | null>(null);
  // Actual results written and not yet saved, by position; the ref is what handlers read (a key
  // and the blur it causes come before React renders again).
  const [drafts, setDraftState] = useState<Record<number, string>>({});
  const draftsRef = useRef(drafts);
  const setDrafts = (change: (all: Record<number, string>) => Record<number, string>) => {
    draftsRef.current = change(draftsRef.current);
    setDraftState(draftsRef.current);
  };
  const [errors, setErrors] = useState<Record<number, string>>({});
  const rows = useRef<(HTMLLIElement | null)[]>([]);
  const focusedRef = useRef<number | null>(null);
  const statusAt = (position: number): StepStatus => results.find((r) => r.position === position)?.status ?? "UNTESTED";
  const savedActual = (position: number) => results.find((r) => r.position === position)?.actual ?? "";

  function focusRow(index: number) {
    focusedRef.current = index;
    setFocused(index);
    rows.current[index]?.focus();
  }

  /** Saves a step's status (undefined: kept) with the actual result written for it, if any. */
  function save(position: number, status: StepStatus | undefined) {
    const draft = draftsRef.current[position];
    setDrafts((all) => without(all, position));
    setErrors((all) => without(all, position));
    record.mutate(
      { resultId, position, status, actual: draft },
      {
        onError: (error) => {
          const problem = error instanceof ApiError ? error.field("actual") : undefined;
          if (problem) {
            setErrors((all) => ({ ...all, [position]: problem }));
            if (draft !== undefined) setDrafts((all) => ({ ...all, [position]: draft }));
          } else toast.error(`Step ${position}: ${error.message}`);
        },
      },
    );
  }

  // An actual result is saved when the tester leaves it, alone: the step keeps the status it has on the server.
  function saveActual(position: number) {
    const draft = draftsRef.current[position];
    if (draft === undefined || draft.trim() === savedActual(position)) return;
    save(position, undefined);
  }

  useImperativeHandle(ref, () => ({
    move: (by) => {
      if (steps.length === 0) return false;
      const at = focusedRef.current;
      focusRow(at === null ? (by === 1 ? 0 : steps.length - 1) : Math.min(Math.max(at + by, 0), steps.length - 1));
      return true;
    },
    mark: (status) => {
      if (steps.length === 0) return false;
      const at =
        focusedRef.current ??
        Math.max(
          steps.findIndex((_, i) => statusAt(i + 1) === "UNTESTED"),
          0,
        );
      save(at + 1, status);
      focusRow(status === "PASSED" ? Math.min(at + 1, steps.length - 1) : at);
      return true;
    },
    editActual: () => {
      if (steps.length === 0) return false;
      const at = focusedRef.current ?? 0;
      focusedRef.current = at;
      setFocused(at);
      rows.current[at]?.querySelector("input")?.focus();
      return true;
    },
  }));

  function onActualKey(event: ReactKeyboardEvent<HTMLInputElement>, index: number) {
    if (event.key === "Enter" || event.key === "Escape") {
      event.preventDefault();
      saveActual(index + 1);
      // Back on the step, where 1, 2 and 3 mark it; leaving the field saves what it holds.
      rows.current[index]?.focus();
    }
  }

  return (
    <ol className="space-y-3" aria-label="Steps">
      {steps.map((step, i) => {
        const position = i + 1;
        const status = statusAt(position);
        const inputId = `${resultId}-step-${position}-actual`;
        return (
          <li
            key={i}
            ref={(node) => {
              rows.current[i] = node;
            }}
            tabIndex={-1}
            aria-label={`Step ${position}: ${step.action} (${resultLabels[status]})`}
            onFocus={() => {
              focusedRef.current = i;
              setFocused(i);
            }}
            className={cn(
              "rounded-md border p-2 focus:outline-none",
              focused === i ? "border-brand-400 ring-2 ring-brand-100" : "border-slate-200",
            )}
          >
            <div className="grid grid-cols-[1.5rem_1fr] gap-x-2 gap-y-1 sm:grid-cols-[1.5rem_1fr_1fr]">
              <span className="text-slate-500">{position}.</span>
              <span className="min-w-0 break-words">{step.action}</span>
              <span className="col-start-2 min-w-0 break-words text-slate-600 sm:col-start-3">→ {step.expected}</span>
            </div>
            <div className="mt-2 flex flex-wrap items-center gap-2 pl-0 sm:pl-8">
              <div role="group" aria-label={`Result of step ${position}`} className="flex flex-wrap gap-1">
                {STEP_ACTIONS.map((action) => (
                  <Button
                    key={action.status}
                    size="sm"
                    variant={status === action.status ? action.variant : "secondary"}
                    aria-label={`Step ${position}: ${action.label}`}
                    aria-pressed={status === action.status}
                    aria-keyshortcuts={action.key}
                    onClick={() => save(position, status === action.status ? "UNTESTED" : action.status)}
                  >
                    {action.label}
                    <kbd aria-hidden className="ml-1 rounded border border-current/30 px-1 text-[10px] opacity-70">
                      {action.key}
                    </kbd>
                  </Button>
                ))}
              </div>
              {status !== "UNTESTED" ? <ResultBadge status={status} /> : null}
            </div>
            <div className="mt-2 sm:pl-8">
              <label htmlFor={inputId} className="block text-xs font-medium text-slate-600">
                Actual result of step {position}
              </label>
              <Input
                id={inputId}
                className="mt-1 h-8 text-sm"
                value={drafts[position] ?? savedActual(position)}
                maxLength={5000}
                aria-invalid={errors[position] ? true : undefined}
                aria-describedby={errors[position] ? `${inputId}-error` : undefined}
                onChange={(e) => setDrafts((all) => ({ ...all, [position]: e.target.value }))}
                onBlur={() => saveActual(position)}
                onKeyDown={(e) => onActualKey(e, i)}
              />
              {errors[position] ? (
                <p id={`${inputId}-error`} className="mt-1 text-xs font-medium text-rose-600">
                  {errors[position]}
                </p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
