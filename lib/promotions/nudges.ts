// Telling the people a waiting promotion needs, again: a member's nudge (at most once an hour per
// promotion), and the server's reminders every `remindAfter` and its one escalation to the admins
// after `escalateAfter` (the environment's policy). Times are the server's clock (lib/clock.ts).
//
// Each happens at most once per due time, however many ask at once and however many servers run
// the background work: under the environment's lock (withPromotion), a conditional update of the
// promotion's own column (nudgedAt, remindedAt, escalatedAt) claims the moment, and only the
// claimant notifies.
import "server-only";
import { actorName, automationActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { readRows } from "@/lib/db/sql";
import type { Tx } from "@/lib/db/client";
import { durationOf } from "@/lib/environments/duration";
import { Prisma } from "@/lib/generated/prisma/client";
import { Conflict, Forbidden, TooManyRequests } from "@/lib/http/errors";
import { membersHolding, notifyMembers } from "@/lib/notifications/send";
import { gateContexts, type PromotionRow } from "./context";
import { evaluateGates, possibleApprovers, type GateEvaluation } from "./gates";
import { waitingCardLink, where } from "./notifications";
import { NUDGE_INTERVAL_MS, nudgePermission } from "./policy";
import type { NudgeDto } from "./schemas";
import { requesterName } from "./queries";
import { isWaiting } from "./states";
import { auditPromotion, notifyPromotion, withPromotion } from "./workflow";

/** A promotion's approvers are nudged at most once in this long. */

const MINUTE = 60_000;

/** "14:05 UTC (in 42 min)": when something becomes possible, said the same to everyone. */
function whenNext(next: Date, at: Date): string {
  const minutes = Math.max(1, Math.ceil((next.getTime() - at.getTime()) / MINUTE));
  return `${next.toISOString().slice(11, 16)} UTC (in ${minutes} min)`;
}

const project = (row: PromotionRow) => ({ id: row.projectId, slug: row.project.slug });

async function evaluationOf(tx: Tx, row: PromotionRow, at: Date): Promise<GateEvaluation> {
  return evaluateGates((await gateContexts(tx, [row], at)).get(row.id)!);
}

/**
 * A member asks the people who may still approve a waiting promotion to approve it: a
 * notification to each, recorded in the audit trail and the release's timeline. At most once an
 * hour per promotion (429 saying when the next is possible); members only, never tokens.
 */
export async function nudgePromotion(actor: Actor, id: string): Promise<NudgeDto> {
  if (actor.kind !== "MEMBER") throw new Forbidden("Only members nudge approvers.");
  return withPromotion(id, async (tx, row) => {
    const at = now();
    const evaluation = isWaiting(row.status) ? await evaluationOf(tx, row, at) : null;
    const permission = nudgePermission(actor, evaluation, row);
    if (!permission.allowed) throw new Conflict(`#${row.number}: ${permission.reason}`);
    if (row.nudgedAt && at.getTime() - row.nudgedAt.getTime() < NUDGE_INTERVAL_MS) {
      const next = new Date(row.nudgedAt.getTime() + NUDGE_INTERVAL_MS);
      throw new TooManyRequests(
        Math.ceil((next.getTime() - at.getTime()) / 1000),
        `The approvers of #${row.number} were nudged less than an hour ago: the next nudge is possible at ${whenNext(next, at)}.`,
      );
    }
    const approvers = possibleApprovers(evaluation!).filter((member) => member.memberId !== actor.id);
    // The claim: of nudges sent at once, only the first finds the column still open.
    const claimed = await tx.deployment.updateMany({
      where: { id: row.id, OR: [{ nudgedAt: null }, { nudgedAt: { lte: new Date(at.getTime() - NUDGE_INTERVAL_MS) } }] },
      data: { nudgedAt: at },
    });
    if (claimed.count === 0) throw new TooManyRequests(3600, `The approvers of #${row.number} were nudged just now.`);
    const names = approvers.map((member) => member.name);
    await notifyMembers(
      tx,
      actor,
      approvers.map((member) => member.memberId),
      {
        kind: "approval.nudged",
        title: `${actorName(actor.label)} asks you to approve ${where(row)}`,
        link: waitingCardLink(row),
        project: project(row),
        subjectId: row.id,
      },
    );
    await auditPromotion(tx, actor, row, "deployment.nudged", null, {
      nudged: names.join(", "),
      nudgedIds: approvers.map((member) => member.memberId),
    });
    await notifyPromotion(tx, row);
    return { nudged: approvers, nudgedAt: at.toISOString(), nextNudgeAt: new Date(at.getTime() + NUDGE_INTERVAL_MS).toISOString() };
  });
}

/** "90 minutes", "4 hours", "3 days": how long something has waited. */
function waited(since: Date, at: Date): string {
  const minutes = Math.max(0, Math.round((at.getTime() - since.getTime()) / MINUTE));
  if (minutes >= 2 * 1440) return `${Math.floor(minutes / 1440)} days`;
  if (minutes >= 120) return `${Math.floor(minutes / 60)} hours`;
  return `${minutes} minutes`;
}

/**
 * The background's pass (every server, once a minute): each promotion waiting longer than its
 * environment's remindAfter since it was requested or last reminded reminds who may still approve
 * it; one waiting longer than escalateAfter tells the admins, once. Returns how many of each.
 */
export async function remindWaiting(): Promise<{ reminded: number; escalated: number }> {
  const at = now();
  const due = await readRows<{ id: string }>(
    Prisma.sql`
    select d.id from "Deployment" d join "Environment" e on e.id = d."environmentId"
    where d.status = 'AWAITING_GATES' and (
      (e."remindAfterMinutes" is not null
        and coalesce(d."remindedAt", d."createdAt") <= ${at}::timestamptz - make_interval(mins => e."remindAfterMinutes"))
      or (e."escalateAfterMinutes" is not null and d."escalatedAt" is null
        and d."createdAt" <= ${at}::timestamptz - make_interval(mins => e."escalateAfterMinutes")))
    order by d."createdAt"`,
  );
  let reminded = 0;
  let escalated = 0;
  for (const { id } of due) {
    const done = await withPromotion(id, (tx, row) => remindOne(tx, row, at));
    if (done.reminded) reminded++;
    if (done.escalated) escalated++;
  }
  return { reminded, escalated };
}

/** One due promotion, under its environment's lock: whatever another server already did is seen and not repeated. */
async function remindOne(tx: Tx, row: PromotionRow, at: Date): Promise<{ reminded: boolean; escalated: boolean }> {
  const result = { reminded: false, escalated: false };
  if (!isWaiting(row.status)) return result;
  const remindAfter = row.environment.remindAfterMinutes;
  const escalateAfter = row.environment.escalateAfterMinutes;
  const evaluation = await evaluationOf(tx, row, at);
  const approvals = evaluation.gates.find((gate) => gate.kind === "approvals" && gate.status === "waiting");
  if (remindAfter !== null) {
    const claimed = await readRows<{ id: string }>(
      Prisma.sql`
      update "Deployment" set "remindedAt" = ${at}
      where id = ${row.id}::uuid and coalesce("remindedAt", "createdAt") <= ${at}::timestamptz - make_interval(mins => ${remindAfter}::int)
      returning id`,
      tx,
    );
    if (claimed.length > 0 && approvals) {
      const approvers = possibleApprovers(evaluation);
      const notified = await notifyMembers(
        tx,
        automationActor,
        approvers.map((member) => member.memberId),
        {
          kind: "approval.reminded",
          title: `Reminder: ${where(row)} has waited ${waited(row.createdAt, at)} for your approval (requested by ${requesterName(row)})`,
          link: waitingCardLink(row),
          project: project(row),
          subjectId: row.id,
        },
      );
      result.reminded = notified.length > 0;
      // In the audit trail and the release's timeline, like a nudge: whom the server reminded, and after how long.
      if (result.reminded)
        await auditPromotion(tx, automationActor, row, "deployment.reminded", null, {
          reminded: approvers.map((member) => member.name).join(", "),
          remindedIds: approvers.map((member) => member.memberId),
          after: durationOf(remindAfter)!,
        });
    }
  }
  if (escalateAfter !== null) {
    const claimed = await readRows<{ id: string }>(
      Prisma.sql`
      update "Deployment" set "escalatedAt" = ${at}
      where id = ${row.id}::uuid and "escalatedAt" is null and "createdAt" <= ${at}::timestamptz - make_interval(mins => ${escalateAfter}::int)
      returning id`,
      tx,
    );
    if (claimed.length > 0 && approvals) {
      const after = durationOf(escalateAfter)!;
      await notifyMembers(tx, automationActor, await membersHolding(tx, ["ADMIN"]), {
        kind: "approval.escalated",
        title: `${where(row)} still waits for approvals after ${waited(row.createdAt, at)}: waiting on ${approvals.waitingOn ?? approvals.summary}`,
        link: waitingCardLink(row),
        project: project(row),
        subjectId: row.id,
      });
      await auditPromotion(tx, automationActor, row, "deployment.escalated", null, { after });
      result.escalated = true;
    }
  }
  return result;
}
