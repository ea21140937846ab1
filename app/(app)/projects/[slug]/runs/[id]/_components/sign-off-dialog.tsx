"use client";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { IssueLink } from "@/components/test-runs/defect-links";
import { ResultBadge } from "@/components/test-runs/result-badge";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field, Fieldset } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input, Textarea } from "@/components/ui/input";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { ApiError } from "@/lib/http/fetch-json";
import { useSignOff } from "@/lib/test-runs/hooks";
import { NEEDS_WAIVER, type ResultDto, type RunDto } from "@/lib/test-runs/schemas";
import { plural } from "@/lib/format/plural";

/** A result's known issues, in a line: "known issue: PROJ-42, acme/shop#7". */
function IssuesOf({ result, runId }: { result: ResultDto; runId: string }) {
  return (
    <span className="text-xs text-rose-800">
      {result.knownIssues.map((issue, i) => (
        <span key={issue.id}>
          {i > 0 ? ", " : null}
          <IssueLink issue={issue} runId={runId} />
        </span>
      ))}
    </span>
  );
}

export function SignOffDialog({
  slug,
  run,
  open,
  onOpenChange,
}: {
  slug: string;
  run: RunDto;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const signOff = useSignOff(slug, run.id);
  const [decision, setDecision] = useState<"SIGNED_OFF" | "BLOCKED">("SIGNED_OFF");
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [everyone, setEveryone] = useState("");
  const [comment, setComment] = useState("");
  const open_ = run.results.filter((r) => NEEDS_WAIVER.includes(r.status));
  // Known issues of cases without a waiver row here (each waiver row shows its own).
  const waiving = decision === "SIGNED_OFF";
  const otherIssues = run.results.filter((r) => r.knownIssues.length > 0 && !(waiving && NEEDS_WAIVER.includes(r.status)));
  const error = signOff.error instanceof ApiError ? signOff.error : undefined;
  // A comment or a waiver typed and not given: closing the dialog (Escape, Close, Cancel) or the page asks first.
  const typed = [comment, everyone, ...Object.values(reasons)].some((text) => text.trim() !== "");
  const { confirmDiscard } = useUnsavedChanges(open && typed, "Close without giving your decision? What you wrote will be lost.");
  const changeOpen = (next: boolean) => (next || confirmDiscard()) && onOpenChange(next);
  // It opens empty, however it was closed.
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setReasons({});
      setEveryone("");
      setComment("");
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    signOff.mutate(
      {
        decision,
        comment,
        waivers:
          decision === "SIGNED_OFF"
            ? open_.map((r) => ({ resultId: r.id, reason: (reasons[r.id] ?? everyone).trim() })).filter((w) => w.reason)
            : [],
      },
      {
        onSuccess: () => {
          toast.success(decision === "SIGNED_OFF" ? `Run #${run.number} is signed off` : `Run #${run.number} is blocked`);
          onOpenChange(false);
        },
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={changeOpen}
      title={`QA's decision on run #${run.number}`}
      description={`${run.release.version} on ${run.environment.name}. Promotions that require this sign-off wait for it.`}
      className="w-[min(40rem,calc(100vw-2rem))]"
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <FormError error={error} />
        <Fieldset legend="Decision">
          <div className="flex gap-4 text-sm">
            <label className="flex items-center gap-1.5">
              <input
                type="radio"
                name="decision"
                className="accent-brand-600"
                checked={decision === "SIGNED_OFF"}
                onChange={() => setDecision("SIGNED_OFF")}
              />{" "}
              Sign off
            </label>
            <label className="flex items-center gap-1.5">
              <input
                type="radio"
                name="decision"
                className="accent-brand-600"
                checked={decision === "BLOCKED"}
                onChange={() => setDecision("BLOCKED")}
              />{" "}
              Block
            </label>
          </div>
        </Fieldset>
        <Field label="Comment" error={error?.field("comment")}>
          <Textarea
            name="comment"
            rows={2}
            placeholder={decision === "SIGNED_OFF" ? "What was verified" : "Why it must not ship"}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
        </Field>
        {decision === "SIGNED_OFF" && open_.length > 0 ? (
          <Fieldset legend={`Waivers: ${plural(open_.length, "result")} not passed`} error={error?.field("waivers")}>
            <p className="text-xs text-slate-500">
              Each failed, blocked or untested case must be waived with a reason; the reasons are recorded with the sign-off.
            </p>
            {open_.length > 3 ? (
              <Field label="One reason for all of them" hint="Or give each its own below">
                <Input value={everyone} onChange={(e) => setEveryone(e.target.value)} />
              </Field>
            ) : null}
            <ul className="max-h-64 space-y-2 overflow-y-auto pr-1">
              {open_.map((result) => (
                // On a phone the reason goes under the case, whose title then shows whole.
                <li key={result.id} className="grid items-center gap-1 sm:grid-cols-[1fr_1.2fr] sm:gap-2">
                  <div className="min-w-0">
                    <p className="text-sm sm:truncate" title={`${result.caseKey} ${result.title}`}>
                      <ResultBadge status={result.status} /> <span className="font-mono text-xs">{result.caseKey}</span> {result.title}
                    </p>
                    {result.knownIssues.length ? <IssuesOf result={result} runId={run.id} /> : null}
                  </div>
                  <Input
                    aria-label={`Waiver reason for ${result.caseKey}`}
                    placeholder={everyone || "Reason"}
                    value={reasons[result.id] ?? ""}
                    onChange={(e) => setReasons({ ...reasons, [result.id]: e.target.value })}
                  />
                </li>
              ))}
            </ul>
          </Fieldset>
        ) : null}
        {otherIssues.length > 0 ? (
          <section aria-labelledby="sign-off-known-issues" className="space-y-1">
            <h3 id="sign-off-known-issues" className="text-sm font-medium text-slate-700">
              Known issues
            </h3>
            <ul className="max-h-40 space-y-1 overflow-y-auto text-sm">
              {otherIssues.map((result) => (
                <li key={result.id} className="min-w-0">
                  <ResultBadge status={result.status} /> <span className="font-mono text-xs">{result.caseKey}</span>{" "}
                  <IssuesOf result={result} runId={run.id} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <DialogActions
          onCancel={() => changeOpen(false)}
          submitLabel={decision === "SIGNED_OFF" ? "Sign off" : "Block"}
          pending={signOff.isPending}
          variant={decision === "SIGNED_OFF" ? "success" : "danger"}
        />
      </form>
    </Dialog>
  );
}
