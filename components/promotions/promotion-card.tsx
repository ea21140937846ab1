"use client";
import { BellRing, MessageSquare, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { useFragment } from "@/components/ui/use-fragment";
import { TimeAgo } from "@/components/format/time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useNudge, usePromotionAction, type PromotionAction } from "@/lib/promotions/hooks";
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import type { PromotionDto } from "@/lib/promotions/schemas";
import { PromotionChanges } from "@/components/changes/promotion-changes";
import { GateChecklist } from "./gate-checklist";
import { ReasonDialog } from "./reason-dialog";
import { StatusBadge } from "./status-badge";

type Dialog = "approve" | "reject" | "cancel" | "override" | "succeeded" | "failed" | null;

export function releaseHref(slug: string, version: string) {
  return `/projects/${slug}/releases/${encodeURIComponent(version)}`;
}

/** A promotion that waits or is in flight, with what it needs and what the viewer may do about it. */
/** Statuses in which the card's release is still to be deployed: the card says exactly what will be. */
const TO_DEPLOY: DeploymentStatus[] = ["REQUESTED", "AWAITING_GATES", "APPROVED", "DEPLOYING"];

/** "Deploys ghcr.io/acme/shop@sha256:4f1c… from commit abcdef1": what the approver signs for. */
/** What an approval would deploy: the commit first, whole; a long artifact reference gives way (ellipsis, full in its title). */
function WhatDeploys({ release }: { release: PromotionDto["release"] }) {
  return (
    <p
      className="mt-1 flex min-w-0 items-baseline gap-1 text-xs whitespace-nowrap text-slate-500"
      data-testid="what-deploys"
      title={`Deploys commit ${release.commitSha}${release.artifactRef ? ` as ${release.artifactRef}` : ""}`}
    >
      <span className="shrink-0">Deploys commit</span>{" "}
      <code className="shrink-0 font-mono text-slate-700" data-testid="what-deploys-commit" title={release.commitSha}>
        {release.commitSha.slice(0, 7)}
      </code>
      {release.artifactRef ? (
        <>
          {" "}
          <span className="shrink-0">as</span>{" "}
          <code className="min-w-0 truncate font-mono text-slate-700" title={release.artifactRef}>
            {release.artifactRef}
          </code>
        </>
      ) : null}
    </p>
  );
}

/** What a deployment's report said, and the link it gave (its log, its pipeline run); nothing when neither. */
export function DeployReport({ message, url }: { message: string | null; url: string | null }) {
  if (!message && !url) return null;
  return (
    <p className="mt-2 text-xs break-words text-slate-600" data-testid="deploy-report">
      {message ?? ""}
      {message && url ? " · " : ""}
      {url ? (
        <a href={url} target="_blank" rel="noopener noreferrer" className="text-brand-700 underline">
          Deploy log<span className="sr-only"> (opens in a new tab)</span>
        </a>
      ) : null}
    </p>
  );
}

const NUDGE_EVERY_MS = 60 * 60_000;
const utcTime = (iso: string) => new Date(iso).toISOString().slice(11, 16);

/**
 * A promotion's card, with what the viewer may do to it. `anchored` (the project's board) gives it the
 * id `promotion-<number>` that notifications asking to act link to, and a ring while the address names it.
 */
export function PromotionCard({ promotion, slug, anchored = false }: { promotion: PromotionDto; slug: string; anchored?: boolean }) {
  const act = usePromotionAction(slug);
  const nudge = useNudge(slug);
  // The server says when the next nudge is possible; the answer to a nudge says it at once.
  const [nudgedUntil, setNudgedUntil] = useState<string | null>(null);
  const stale = nudgedUntil && (!promotion.nudgedAt || Date.parse(promotion.nudgedAt) < Date.parse(nudgedUntil) - NUDGE_EVERY_MS);
  const nextNudge = stale ? nudgedUntil : promotion.nextNudgeAt;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [link, setLink] = useState("");
  const { actions } = promotion;
  const anchor = anchored ? `promotion-${promotion.number}` : undefined;
  const fragment = useFragment();
  const targeted = anchor !== undefined && fragment === `#${anchor}`;
  const run = (action: PromotionAction, body: Record<string, unknown>, done: string) =>
    act.mutateAsync({ id: promotion.id, action, body }).then((result) => {
      toast.success(done);
      return result;
    });
  const quick = (action: PromotionAction, body: Record<string, unknown>, done: string) => () =>
    run(action, body, done).catch((error: Error) => toast.error(error.message));

  const approveHint = !actions.approve.allowed && promotion.status === "AWAITING_GATES" ? lowerFirst(actions.approve.reason) : undefined;
  const what = `#${promotion.number} ${promotion.release.version} → ${promotion.environment.name}`;

  return (
    <article
      aria-label={`Promotion #${promotion.number}`}
      id={anchor}
      data-targeted={targeted || undefined}
      className={`scroll-mt-20 rounded-lg border border-slate-200 bg-white p-3 shadow-sm ${targeted ? "ring-2 ring-sky-500" : ""}`}
      data-status={promotion.status}
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <Link
            href={releaseHref(slug, promotion.release.version)}
            className="font-mono text-sm font-semibold text-slate-900 hover:underline"
          >
            {promotion.release.version}
          </Link>
          <span className="ml-1.5 text-xs text-slate-500">#{promotion.number}</span>
          <p className="text-xs text-slate-500">
            {promotion.isRollback ? "rollback " : ""}requested by {promotion.requestedBy.name} <TimeAgo iso={promotion.requestedAt} />
          </p>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-1">
          <StatusBadge status={promotion.status} />
          {promotion.isRollback ? (
            <Badge tone="warning">
              <RotateCcw className="size-3" aria-hidden /> rollback
            </Badge>
          ) : null}
        </div>
      </div>
      {promotion.reason ? <p className="mt-2 rounded bg-slate-50 px-2 py-1 text-xs text-slate-600">“{promotion.reason}”</p> : null}
      {/* The card's whole width: the artifact gives way, never the commit. */}
      {TO_DEPLOY.includes(promotion.status) ? <WhatDeploys release={promotion.release} /> : null}
      <DeployReport message={promotion.statusMessage} url={promotion.externalUrl} />
      {promotion.gates && promotion.status !== "SUCCEEDED" ? (
        <div className="mt-3">
          <GateChecklist evaluation={promotion.gates} approvalHint={approveHint} />
        </div>
      ) : null}
      {promotion.nudgedAt && promotion.status === "AWAITING_GATES" ? (
        <p className="mt-1 text-xs text-slate-500" data-testid="nudged">
          Approvers nudged <TimeAgo iso={promotion.nudgedAt} />
        </p>
      ) : null}
      {TO_DEPLOY.includes(promotion.status) ? <PromotionChanges id={promotion.id} /> : null}
      {promotion.approvals.length > 0 ? (
        <ul className="mt-2 space-y-0.5 text-xs text-slate-500" aria-label="Decisions">
          {promotion.approvals.map((a) => (
            <li key={a.memberId}>
              {a.decision === "APPROVE" ? "✓ approved" : "✗ rejected"} by {a.name}
              {a.comment ? `: “${a.comment}”` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {promotion.status === "APPROVED" && promotion.environment.deployTarget === "MANUAL" ? (
        <p className="mt-2 text-xs text-slate-500">Approved: ops deploy it and report here.</p>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-1.5">
        {actions.approve.allowed ? (
          <Button
            size="sm"
            variant="success"
            loading={act.isPending && act.variables?.action === "approve"}
            onClick={quick("approve", {}, `Approved ${what}`)}
          >
            Approve
          </Button>
        ) : null}
        {actions.approve.allowed ? (
          <Button
            size="sm"
            variant="secondary"
            aria-label="Approval with a comment…"
            title="Approve with a comment"
            onClick={() => setDialog("approve")}
          >
            <MessageSquare className="size-3.5" aria-hidden />
          </Button>
        ) : null}
        {actions.reject.allowed ? (
          <Button size="sm" variant="secondary" onClick={() => setDialog("reject")}>
            Reject
          </Button>
        ) : null}
        {actions.report.allowed && promotion.status === "APPROVED" ? (
          <Button size="sm" variant="secondary" onClick={quick("report", { status: "deploying" }, `${what} is deploying`)}>
            Mark deploying
          </Button>
        ) : null}
        {actions.report.allowed ? (
          <>
            <Button size="sm" variant="success" onClick={quick("report", { status: "succeeded" }, `${what} succeeded`)}>
              Mark succeeded
            </Button>
            <Button
              size="sm"
              variant="secondary"
              aria-label="Report success with a link or a message…"
              title="Mark succeeded with a link or a message"
              onClick={() => setDialog("succeeded")}
            >
              <MessageSquare className="size-3.5" aria-hidden />
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setDialog("failed")}>
              Mark failed
            </Button>
          </>
        ) : null}
        {actions.overrideFreeze.allowed ? (
          <Button size="sm" variant="secondary" onClick={() => setDialog("override")}>
            Override freeze
          </Button>
        ) : null}
        {actions.nudge.allowed && promotion.status === "AWAITING_GATES" ? (
          // aria-disabled, never disabled: a disabled button drops the keyboard's focus to <body>.
          <Button
            size="sm"
            variant="secondary"
            title={
              nextNudge
                ? `Nudged: the next nudge is possible at ${utcTime(nextNudge)} UTC`
                : "Remind the people who may approve (once an hour)"
            }
            aria-disabled={Boolean(nextNudge) || nudge.isPending || undefined}
            aria-busy={nudge.isPending || undefined}
            className="aria-disabled:cursor-not-allowed aria-disabled:text-slate-500"
            onClick={() => {
              if (nextNudge || nudge.isPending) return;
              nudge.mutate(promotion.id, {
                onSuccess: (done) => {
                  setNudgedUntil(done.nextNudgeAt);
                  toast.success(`Nudged ${listNames(done.nudged.map((m) => m.name))} to approve ${what}`);
                },
                onError: (error) => toast.error(error.message),
              });
            }}
          >
            {/* "Nudge", not "Nudge approvers": a button whose name holds "approve" is not the Approve button. */}
            <BellRing className="size-3.5" aria-hidden /> {nextNudge ? `Nudged — next at ${utcTime(nextNudge)} UTC` : "Nudge"}
          </Button>
        ) : null}
        {actions.cancel.allowed ? (
          <Button size="sm" variant="ghost" onClick={() => setDialog("cancel")}>
            Cancel
          </Button>
        ) : null}
      </div>
      <ReasonDialog
        open={dialog === "approve"}
        onOpenChange={(open) => setDialog(open ? "approve" : null)}
        title={`Approve ${what}?`}
        description="Your comment goes with the approval: on the card, the release's timeline and the audit trail."
        label="Comment"
        field="comment"
        confirmLabel="Approve"
        tone="success"
        onConfirm={(comment) => run("approve", comment ? { comment } : {}, `Approved ${what}`)}
      />
      <ReasonDialog
        open={dialog === "succeeded"}
        onOpenChange={(open) => {
          setDialog(open ? "succeeded" : null);
          if (!open) setLink("");
        }}
        title={`Mark ${what} succeeded?`}
        label="Message"
        field="message"
        otherFields={["url"]}
        confirmLabel="Mark succeeded"
        tone="success"
        onConfirm={(message) =>
          run(
            "report",
            { status: "succeeded", ...(message ? { message } : {}), ...(link.trim() ? { url: link.trim() } : {}) },
            `${what} succeeded`,
          )
        }
      >
        {(error) => (
          <Field label="Link" hint="Optional: the deploy's log or pipeline run, http(s)" error={error?.field("url")}>
            <Input type="url" name="url" inputMode="url" value={link} onChange={(event) => setLink(event.target.value)} />
          </Field>
        )}
      </ReasonDialog>
      <ReasonDialog
        open={dialog === "reject"}
        onOpenChange={(open) => setDialog(open ? "reject" : null)}
        title={`Reject ${what}?`}
        description="A rejection ends this request; a new one can be made later."
        label="Why do you reject it?"
        field="comment"
        required
        confirmLabel="Reject"
        tone="danger"
        onConfirm={(comment) => run("reject", { comment }, `Rejected ${what}`)}
      />
      <ReasonDialog
        open={dialog === "cancel"}
        onOpenChange={(open) => setDialog(open ? "cancel" : null)}
        title={`Cancel ${what}?`}
        label="Why?"
        field="reason"
        confirmLabel="Cancel promotion"
        tone="danger"
        onConfirm={(reason) => run("cancel", { reason }, `Cancelled ${what}`)}
      />
      <ReasonDialog
        open={dialog === "override"}
        onOpenChange={(open) => setDialog(open ? "override" : null)}
        title={`Override the freeze for ${what}?`}
        description="Only this promotion goes through; the freeze stays for everything else."
        label="Why may it go through the freeze?"
        field="reason"
        required
        confirmLabel="Override freeze"
        onConfirm={(reason) => run("override-freeze", { reason }, `The freeze is overridden for ${what}`)}
      />
      <ReasonDialog
        open={dialog === "failed"}
        onOpenChange={(open) => setDialog(open ? "failed" : null)}
        title={`Mark ${what} failed?`}
        label="What went wrong?"
        field="message"
        confirmLabel="Mark failed"
        tone="danger"
        onConfirm={(message) => run("report", { status: "failed", ...(message ? { message } : {}) }, `${what} failed`)}
      />
    </article>
  );
}

/** "Olive Ops and Oscar Ops", "A, B and C". */
function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function lowerFirst(text: string): string {
  return text.replace(/\.$/, "").replace(/^./, (c) => c.toLowerCase());
}
