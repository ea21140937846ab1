"use client";
import { ArrowRight, History, PackageOpen, RotateCcw, Snowflake } from "lucide-react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { DeployReport, PromotionCard, releaseHref } from "@/components/promotions/promotion-card";
import { ReasonDialog } from "@/components/promotions/reason-dialog";
import { StatusBadge } from "@/components/promotions/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { roleLabels } from "@/lib/auth/roles";
import { ApiError } from "@/lib/http/fetch-json";
import type { BoardColumn, BoardDto } from "@/lib/promotions/board";
import { useRequestPromotion } from "@/lib/promotions/hooks";

function PromoteDialog({
  board,
  column,
  open,
  onOpenChange,
}: {
  board: BoardDto;
  column: BoardColumn;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const promote = useRequestPromotion(board.project.slug);
  const error = promote.error instanceof ApiError ? promote.error : undefined;
  const rolledBack = error?.field("confirmRolledBack");
  const candidates = board.releases.filter((r) => !r.abandoned && r.version !== column.current?.release.version);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const release = String(form.get("release") ?? "");
    promote.mutate(
      { release, environment: column.environment.name, confirmRolledBack: form.get("confirmRolledBack") === "on" },
      {
        onSuccess: (promotion) => {
          toast.success(
            `#${promotion.number}: ${release} → ${column.environment.name} is ${promotion.status === "APPROVED" ? "approved" : "waiting on its gates"}`,
          );
          promote.reset();
          onOpenChange(false);
        },
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Promote to ${column.environment.name}`}
      description="The promotion waits until every gate of the environment passes."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Release" error={error?.field("release") ?? (rolledBack ? undefined : error?.message)}>
          <Select name="release" defaultValue={candidates[0]?.version}>
            {candidates.map((release) => (
              <option key={release.id} value={release.version}>
                {release.version} · {release.commitSha.slice(0, 7)}
              </option>
            ))}
          </Select>
        </Field>
        {rolledBack ? (
          <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            <p>{rolledBack}</p>
            <label className="mt-2 flex items-center gap-2 font-medium">
              <input type="checkbox" name="confirmRolledBack" className="size-4" /> Yes, promote it again
            </label>
          </div>
        ) : null}
        <DialogActions
          onCancel={() => onOpenChange(false)}
          submitLabel="Request promotion"
          pending={promote.isPending}
          disabled={candidates.length === 0}
        />
      </form>
    </Dialog>
  );
}

export function EnvironmentColumn({ board, column, next }: { board: BoardDto; column: BoardColumn; next: BoardColumn | undefined }) {
  const slug = board.project.slug;
  const env = column.environment;
  const promote = useRequestPromotion(slug);
  const [dialog, setDialog] = useState<"promote" | "rollback" | null>(null);
  const [picked, setRollbackTo] = useState(column.rollbackTargets[0]?.version ?? "");
  // The board updates live: what was picked (or first) when the board loaded may since have become
  // what runs here, or left the list. What the dialog shows and sends is always one of today's targets.
  const rollbackTo = column.rollbackTargets.some((target) => target.version === picked)
    ? picked
    : (column.rollbackTargets[0]?.version ?? "");

  const current = column.current;
  const nextHasIt =
    next &&
    current &&
    [next.current?.release.version, next.inFlight?.release.version, next.waiting?.release.version].includes(current.release.version);
  const canPromoteOn = board.viewer.canRequestPromotion && next && current && !nextHasIt;
  const approvals = env.approvalRules.map((rule) => `${rule.minCount} from ${roleLabels[rule.role]}`).join(" and ");

  return (
    <section
      aria-label={env.name}
      className="flex min-w-0 flex-1 flex-col rounded-xl border border-slate-200 bg-slate-100/70 md:min-w-[19rem]"
    >
      <header className="border-b border-slate-200 px-4 py-3">
        <div className="flex items-center justify-between gap-2">
          <h2 className="font-semibold text-slate-900">{env.name}</h2>
          <div className="flex gap-1">
            {column.freeze.active ? (
              <Badge tone="danger">
                <Snowflake className="size-3" aria-hidden /> frozen
              </Badge>
            ) : null}
            <Badge tone={env.autoPromote ? "success" : "neutral"}>{env.autoPromote ? "automatic" : "manual"}</Badge>
          </div>
        </div>
        <p className="mt-0.5 text-xs text-slate-600">{approvals ? `Needs ${approvals}` : "No approvals needed"}</p>
        {column.freeze.active ? (
          <p role="status" className="mt-2 rounded-md bg-rose-50 px-2 py-1 text-xs text-rose-700">
            Frozen ({column.freeze.active.label}) until {column.freeze.active.untilText}
          </p>
        ) : column.freeze.next ? (
          <p className="mt-2 rounded-md bg-amber-50 px-2 py-1 text-xs text-amber-800">
            Freeze “{column.freeze.next.label}” starts {column.freeze.next.startsText}
          </p>
        ) : null}
      </header>

      <div className="flex flex-1 flex-col gap-3 p-3">
        <div role="group" aria-label={`Running in ${env.name}`} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
          <div className="text-[11px] font-medium tracking-wide text-slate-600 uppercase">Running</div>
          {current ? (
            <>
              <div className="mt-1 flex items-center gap-2">
                <Link
                  href={releaseHref(slug, current.release.version)}
                  className="font-mono text-base font-semibold text-slate-900 hover:underline"
                  data-testid={`running-${env.name}`}
                >
                  {current.release.version}
                </Link>
                <span className="font-mono text-xs text-slate-600">{current.release.commitSha.slice(0, 7)}</span>
                {current.isRollback ? (
                  <Badge tone="warning">
                    <RotateCcw className="size-3" aria-hidden /> rollback
                  </Badge>
                ) : null}
              </div>
              <p className="text-xs text-slate-600">
                since <TimeAgo iso={current.since} /> · requested by {current.by}
              </p>
              <DeployReport message={current.report.message} url={current.report.url} />
              {canPromoteOn ? (
                <Button
                  size="sm"
                  variant="secondary"
                  className="mt-2"
                  loading={promote.isPending}
                  onClick={() => {
                    const request = (confirmRolledBack: boolean) =>
                      promote.mutate(
                        { release: current.release.version, environment: next.environment.name, confirmRolledBack },
                        {
                          onSuccess: (p) => toast.success(`#${p.number}: ${current.release.version} → ${next.environment.name} requested`),
                          onError: (error) => {
                            const rolledBack = error instanceof ApiError ? error.field("confirmRolledBack") : undefined;
                            if (rolledBack && !confirmRolledBack) {
                              if (window.confirm(rolledBack)) request(true);
                            } else toast.error(error.message);
                          },
                        },
                      );
                    request(false);
                  }}
                >
                  Promote to {next.environment.name} <ArrowRight className="size-3.5" aria-hidden />
                </Button>
              ) : null}
            </>
          ) : (
            <p className="mt-1 flex items-center gap-1.5 text-sm text-slate-600">
              <PackageOpen className="size-4 text-slate-600" aria-hidden /> Nothing deployed yet
            </p>
          )}
        </div>

        {column.inFlight ? <PromotionCard promotion={column.inFlight} slug={slug} anchored /> : null}
        {column.waiting ? <PromotionCard promotion={column.waiting} slug={slug} anchored /> : null}

        {board.viewer.canRequestPromotion || (board.viewer.canRollback && column.rollbackTargets.length > 0) ? (
          <div className="flex flex-wrap gap-1.5">
            {board.viewer.canRequestPromotion ? (
              <Button size="sm" variant="ghost" onClick={() => setDialog("promote")}>
                Promote a release here…
              </Button>
            ) : null}
            {board.viewer.canRollback && column.rollbackTargets.length > 0 ? (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  setRollbackTo(column.rollbackTargets[0]?.version ?? "");
                  setDialog("rollback");
                }}
              >
                <RotateCcw className="size-3.5" aria-hidden /> Roll back…
              </Button>
            ) : null}
          </div>
        ) : null}

        <div className="mt-auto">
          <h3 className="mb-1 flex items-center gap-1 text-[11px] font-medium tracking-wide text-slate-600 uppercase">
            <History className="size-3" aria-hidden /> Recent
          </h3>
          {column.history.length === 0 ? (
            <p className="text-xs text-slate-600">No history yet</p>
          ) : (
            <ol aria-label={`History of ${env.name}`} className="space-y-1">
              {column.history.map((item) => (
                <li key={item.id} className="flex flex-wrap items-center justify-between gap-x-2 text-xs">
                  <span className="min-w-0 truncate">
                    <span className="text-slate-600">#{item.number}</span>{" "}
                    <Link href={releaseHref(slug, item.version)} className="font-mono text-slate-700 hover:underline">
                      {item.version}
                    </Link>
                    {item.isRollback ? <span className="text-amber-700"> (rollback)</span> : null}
                  </span>
                  <span className="flex shrink-0 items-center gap-1.5 text-slate-600">
                    {item.rolledBack ? <Badge tone="warning">rolled back</Badge> : <StatusBadge status={item.status} />}{" "}
                    <TimeAgo iso={item.at} />
                  </span>
                  {item.rolledBack ? (
                    <p className="basis-full text-amber-800">
                      rolled back{item.rolledBack.by ? ` by ${item.rolledBack.by}` : ""}
                      {item.rolledBack.reason ? `: ${item.rolledBack.reason}` : ""}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>

      <PromoteDialog
        board={board}
        column={column}
        open={dialog === "promote"}
        onOpenChange={(open) => setDialog(open ? "promote" : null)}
      />
      <ReasonDialog
        open={dialog === "rollback"}
        onOpenChange={(open) => setDialog(open ? "rollback" : null)}
        title={`Roll ${env.name} back`}
        description="A rollback deploys an older release that ran here before. It is recorded with your reason."
        label="Why roll back?"
        field="reason"
        required
        confirmLabel="Roll back"
        tone="danger"
        onConfirm={(reason) =>
          promote
            .mutateAsync({ release: rollbackTo, environment: env.name, rollback: true, reason })
            .then((p) => toast.success(`#${p.number}: rolling ${env.name} back to ${rollbackTo}`))
        }
      >
        <Field label="Back to">
          <Select value={rollbackTo} onChange={(event) => setRollbackTo(event.target.value)}>
            {column.rollbackTargets.map((target) => (
              <option key={target.version} value={target.version}>
                {target.version} (last ran {new Date(target.lastRanAt).toLocaleDateString("en-GB", { day: "numeric", month: "short" })})
              </option>
            ))}
          </Select>
        </Field>
      </ReasonDialog>
    </section>
  );
}
