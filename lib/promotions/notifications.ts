// Who hears of what happens to a promotion, in the notification centre. Called inside the change
// (its tx), so a notification exists exactly when the change it tells of committed.
import "server-only";
import { actorName, type Actor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { NotificationKind } from "@/lib/notifications/kinds";
import { markDone, membersHolding, notifyMembers } from "@/lib/notifications/send";
import type { PromotionRow } from "./context";
import type { GateEvaluation } from "./gates";
import { requesterName } from "./queries";

type Promotion = {
  projectId: string;
  project: { slug: string };
  release: { version: string };
  environment: { name: string };
  requestedById: string | null;
};

/** Where a promotion is shown: its release's page (as webhooks link it). */
function promotionLink(promotion: Promotion): string {
  return `/projects/${promotion.project.slug}/releases/${encodeURIComponent(promotion.release.version)}`;
}

/**
 * Where a waiting promotion is answered: its card on the project's board (`#promotion-<number>`),
 * with Approve, Reject and Nudge. Used for what asks someone to act.
 */
export function waitingCardLink(promotion: Promotion & { number: number }): string {
  return `/projects/${promotion.project.slug}#promotion-${promotion.number}`;
}

export const where = (promotion: Promotion) => `${promotion.release.version} → ${promotion.environment.name}`;
const byWhom = (actor: Actor) => (actor.kind === "MEMBER" ? ` by ${actorName(actor.label)}` : "");

/**
 * A promotion has just started to wait: those who may give the approvals it needs, and QA when
 * it needs a sign-off, are told.
 */
export async function notifyWaiting(tx: Tx, actor: Actor, row: PromotionRow, evaluation: GateEvaluation): Promise<void> {
  const project = { id: row.projectId, slug: row.project.slug };
  const approvals = evaluation.gates.find((gate) => gate.kind === "approvals");
  if (approvals && approvals.status === "waiting") {
    const roles: Role[] = (approvals.approvals ?? []).filter((rule) => rule.given < rule.required).map((rule) => rule.role);
    const excluded = new Set<string | null>([
      ...(row.environment.requesterMayApprove ? [] : [row.requestedById]),
      ...(row.environment.authorMayApprove ? [] : [row.release.createdById]),
    ]);
    const voted = new Set(row.approvals.map((approval) => approval.memberId));
    const members = (await membersHolding(tx, roles)).filter((id) => !excluded.has(id) && !voted.has(id));
    await notifyMembers(tx, actor, members, {
      kind: "approval.waiting",
      title: `${where(row)} waits for your approval (requested by ${requesterName(row)})`,
      link: waitingCardLink(row),
      project,
      subjectId: row.id,
    });
  }
  const signOff = evaluation.gates.find((gate) => gate.kind === "sign-off");
  if (signOff && signOff.status === "waiting") {
    await notifyMembers(tx, actor, await membersHolding(tx, ["QA"]), {
      kind: "signoff.needed",
      title: `${where(row)} waits for QA's sign-off: ${signOff.summary}`,
      link: signOff.href ?? waitingCardLink(row),
      project,
      subjectId: row.id,
    });
  }
}

export type Outcome =
  { kind: "approved" | "rejected" | "failed"; message?: string | null } | { kind: "rolled back" | "superseded"; by: string };

/** Tells the requester what became of their promotion (never when `actor`, who did it or set it off, is the requester). */
export async function notifyDecided(tx: Tx, actor: Actor, promotion: Promotion, outcome: Outcome): Promise<void> {
  if (!promotion.requestedById) return;
  let title: string;
  switch (outcome.kind) {
    case "approved":
      // Shiproom approves once every gate passes; `actor` is whose step completed them.
      title = `${where(promotion)} was approved: every gate passed${actor.kind === "MEMBER" ? `, after a step by ${actorName(actor.label)}` : ""}`;
      break;
    case "rejected":
      title = `${where(promotion)} was rejected${byWhom(actor)}${outcome.message ? `: ${outcome.message}` : ""}`;
      break;
    case "failed":
      title = `${where(promotion)} failed${outcome.message ? `: ${outcome.message}` : ""}`;
      break;
    case "rolled back":
      title = `${promotion.release.version} in ${promotion.environment.name} was rolled back to ${outcome.by}${byWhom(actor)}`;
      break;
    case "superseded":
      title = `${where(promotion)} was superseded by ${outcome.by}`;
      break;
  }
  await notifyMembers(tx, actor, [promotion.requestedById], {
    kind: "promotion.decided",
    title,
    link: promotionLink(promotion),
    project: { id: promotion.projectId, slug: promotion.project.slug },
  });
}

/** The notifications that ask someone to act on a waiting promotion. */
const ASKING: readonly NotificationKind[] = [
  "approval.waiting",
  "approval.nudged",
  "approval.reminded",
  "approval.escalated",
  "signoff.needed",
];
/** What asked one member to approve: answered by their own approval. */
const ASKING_TO_APPROVE: readonly NotificationKind[] = ["approval.waiting", "approval.nudged", "approval.reminded"];

/** QA signed off what these promotions wait on: what asked QA to sign off is done, though other gates may still wait. */
export async function signOffAnswered(tx: Tx, project: { id: string; slug: string }, promotionIds: readonly string[]) {
  await markDone(tx, project, promotionIds, ["signoff.needed"]);
}

/**
 * These promotions no longer wait (approved, rejected, cancelled, superseded): what asked people
 * to approve or sign them off is done. With `memberId`, only that member's (they just approved).
 */
export async function askingDone(tx: Tx, project: { id: string; slug: string }, promotionIds: readonly string[], memberId?: string) {
  await markDone(tx, project, promotionIds, memberId ? ASKING_TO_APPROVE : ASKING, memberId);
}
