"use client";
import { Bug, X } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { Role } from "@/lib/generated/prisma/enums";
import { ApiError } from "@/lib/http/fetch-json";
import { useLinkDefect, useRemoveDefectLink } from "@/lib/test-runs/hooks";
import { canRemoveDefectLink } from "@/lib/test-runs/policy";
import { LINKS_DEFECTS, type KnownIssueDto, type ResultDto } from "@/lib/test-runs/schemas";

/** Who is looking: what they may remove. */
export type Viewer = { id: string; roles: readonly Role[] };

/** One defect link: its key as a link to the tracker, "known issue:" when it was linked in an earlier run. */
export function IssueLink({ issue, runId }: { issue: KnownIssueDto; runId: string }) {
  return (
    <>
      {issue.run.id === runId ? null : <span>known issue: </span>}
      <a
        href={issue.url}
        target="_blank"
        rel="noopener noreferrer"
        className="font-mono font-medium break-all underline decoration-rose-300 underline-offset-2 hover:decoration-current"
        title={`${issue.url} · linked by ${issue.linkedBy} in run #${issue.run.number}`}
      >
        {issue.label}
      </a>
    </>
  );
}

function AddLink({
  slug,
  runId,
  result,
  onClose,
  autoFocus,
}: {
  slug: string;
  runId: string;
  result: ResultDto;
  onClose?: () => void;
  autoFocus?: boolean;
}) {
  const link = useLinkDefect(slug, runId, result.id);
  const [url, setUrl] = useState("");
  const error = link.error instanceof ApiError ? link.error : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    link.mutate(
      { url },
      {
        onSuccess: (issue) => {
          setUrl("");
          toast.success(`${result.caseKey}: ${issue.label} linked`);
          onClose?.();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="flex max-w-xl flex-wrap items-start gap-2">
      <Field
        className="min-w-0 flex-1 basis-56"
        label={
          <>
            Issue URL<span className="sr-only"> for {result.caseKey}</span>
          </>
        }
        error={error ? (error.field("url") ?? error.message) : undefined}
      >
        <Input
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://…/browse/PROJ-42"
          value={url}
          autoFocus={autoFocus}
          onChange={(event) => setUrl(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape" && onClose) {
              event.preventDefault();
              event.stopPropagation();
              onClose();
            }
          }}
        />
      </Field>
      <div className="flex gap-1 pt-6">
        <Button type="submit" size="sm" variant="secondary" loading={link.isPending}>
          Link
        </Button>
        {onClose ? (
          <Button size="sm" variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/**
 * A result's defect links and known issues, each removable by whoever may; a failed or blocked
 * result also takes a new one (a field shown at once, or behind "Link an issue" when `folded`).
 */
export function DefectLinks({
  slug,
  runId,
  result,
  viewer,
  folded = false,
  className,
}: {
  slug: string;
  runId: string;
  result: ResultDto;
  viewer: Viewer;
  folded?: boolean;
  className?: string;
}) {
  const remove = useRemoveDefectLink(slug, runId, result.id);
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const linkable = LINKS_DEFECTS.includes(result.status);
  const actor = { kind: "MEMBER" as const, ...viewer };

  // Focus goes back to the button that opened the field.
  useEffect(() => {
    if (refocus.current && opener.current) {
      opener.current.focus();
      refocus.current = false;
    }
  });

  if (result.knownIssues.length === 0 && !linkable) return null;
  return (
    <div className={cn("space-y-1.5", className)}>
      {result.knownIssues.length ? (
        <ul aria-label={`Defect links of ${result.caseKey}`} className="flex flex-wrap gap-1.5 text-xs">
          {result.knownIssues.map((issue) => (
            <li key={issue.id} className="inline-flex max-w-full items-center gap-1 rounded bg-rose-50 px-1.5 py-0.5 text-rose-800">
              <Bug className="size-3 shrink-0" aria-hidden />
              <span className="min-w-0">
                <IssueLink issue={issue} runId={runId} />
              </span>
              {canRemoveDefectLink(actor, issue) ? (
                <button
                  type="button"
                  className="rounded p-0.5 hover:bg-rose-100 disabled:opacity-50"
                  aria-label={`Remove ${issue.label} from ${result.caseKey}`}
                  disabled={remove.isPending}
                  onClick={() =>
                    remove.mutate(issue.id, {
                      onSuccess: () => toast.success(`${issue.label} removed from ${result.caseKey}: later runs no longer show it`),
                      onError: (error) => toast.error(`${issue.label}: ${error.message}`),
                    })
                  }
                >
                  <X className="size-3" aria-hidden />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {!linkable ? null : folded && !open ? (
        <button ref={opener} type="button" className="text-xs text-slate-600 underline hover:text-slate-900" onClick={() => setOpen(true)}>
          Link an issue<span className="sr-only"> to {result.caseKey}</span>
        </button>
      ) : (
        <AddLink
          slug={slug}
          runId={runId}
          result={result}
          autoFocus={folded}
          onClose={
            folded
              ? () => {
                  refocus.current = true;
                  setOpen(false);
                }
              : undefined
          }
        />
      )}
    </div>
  );
}
