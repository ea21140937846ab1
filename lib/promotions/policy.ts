// Who may do what to a promotion. Pure: the board uses these to show or hide actions (with
// the reason when hidden), and mutations use the very same functions to enforce them.
import type { ActorKind, DeploymentStatus, Role } from "@/lib/generated/prisma/enums";
import { roleLabels } from "@/lib/auth/roles";
import { wouldCount } from "./approvals";
import { eligibleApprovers, possibleApprovers, type GateContext, type GateEvaluation } from "./gates";
import { isInFlight, isWaiting } from "./states";

export type Viewer = { kind: ActorKind; id: string | null; name?: string; roles: readonly Role[]; scopes?: readonly string[] };
export type Permission = { allowed: true } | { allowed: false; reason: string };

const allow: Permission = { allowed: true };
const deny = (reason: string): Permission => ({ allowed: false, reason });
const holdsAny = (viewer: Viewer, ...roles: Role[]) => viewer.kind === "MEMBER" && roles.some((role) => viewer.roles.includes(role));

export function canCreateRelease(viewer: Viewer): boolean {
  return holdsAny(viewer, "DEVELOPER", "OPS") || (viewer.kind === "TOKEN" && Boolean(viewer.scopes?.includes("releases:write")));
}

export function canRequestPromotion(viewer: Viewer): boolean {
  return (
    viewer.kind === "AUTOMATION" ||
    holdsAny(viewer, "DEVELOPER", "OPS") ||
    (viewer.kind === "TOKEN" && Boolean(viewer.scopes?.includes("promotions:request")))
  );
}

/** Rolling back is an incident action: ops only, always with a reason. */
export function canRollback(viewer: Viewer): boolean {
  return holdsAny(viewer, "OPS");
}

export function canEditPolicy(viewer: Viewer): boolean {
  return holdsAny(viewer, "ADMIN");
}

type PromotionState = { status: DeploymentStatus; requestedById: string | null; requestedByKind?: ActorKind };

/** Approving: the viewer's approval must be allowed by the policy and fill a slot still open. */
export function approvalPermission(viewer: Viewer, ctx: GateContext, promotion: PromotionState): Permission {
  if (!isWaiting(promotion.status)) return deny("It is no longer waiting for approvals.");
  const rules = ctx.environment.approvalRules;
  if (rules.length === 0 || (ctx.promotion.isRollback && !ctx.environment.rollbackNeedsApproval)) return deny("It needs no approvals.");
  const identity = decisionIdentity(viewer, ctx);
  if (!identity.allowed) return identity;
  const candidate = { memberId: viewer.id!, name: viewer.name ?? "", roles: viewer.roles };
  if (!wouldCount(rules, eligibleApprovers(ctx), candidate)) {
    return deny("The approvals your roles can give are complete.");
  }
  return allow;
}

/** Rejecting: anyone who could approve under the rules (even when their slots are full). */
export function rejectPermission(viewer: Viewer, ctx: GateContext, promotion: PromotionState): Permission {
  if (!isWaiting(promotion.status)) return deny("It is no longer waiting: it cannot be rejected.");
  if (ctx.environment.approvalRules.length === 0 || (ctx.promotion.isRollback && !ctx.environment.rollbackNeedsApproval)) {
    return deny("It needs no approvals, so nobody rejects it; its requester may cancel it.");
  }
  return decisionIdentity(viewer, ctx);
}

function decisionIdentity(viewer: Viewer, ctx: GateContext): Permission {
  if (viewer.kind !== "MEMBER" || !viewer.id) return deny("Only people approve or reject promotions.");
  const mine = ctx.votes.find((vote) => vote.memberId === viewer.id);
  if (mine) return deny(mine.decision === "APPROVE" ? "You already approved." : "You already rejected it.");
  if (!ctx.environment.requesterMayApprove && viewer.id === ctx.promotion.requestedById)
    return deny("You cannot approve your own request.");
  if (!ctx.environment.authorMayApprove && viewer.id === ctx.release.createdById)
    return deny("You created this release, so you cannot approve it.");
  const roles = ctx.environment.approvalRules.map((rule) => rule.role);
  if (!roles.some((role) => viewer.roles.includes(role))) {
    return deny(`Approvals come from ${roles.map((role) => roleLabels[role]).join(" and ")}; you hold none of these roles.`);
  }
  return allow;
}

export function cancelPermission(viewer: Viewer, promotion: PromotionState): Permission {
  if (!isWaiting(promotion.status) && promotion.status !== "APPROVED")
    return deny("It has started or finished: it can no longer be cancelled.");
  // Automation's own requests have no person behind them: ops cancel them on its behalf.
  if (promotion.requestedByKind === "AUTOMATION")
    return holdsAny(viewer, "OPS") ? allow : deny("Only ops can cancel an automatic promotion.");
  if (viewer.id === null || viewer.id !== promotion.requestedById) return deny("Only its requester can cancel it.");
  return allow;
}

/** Who reports deployments: ops, and deployers holding a token with deployments:report. */
export function canReport(viewer: Viewer): boolean {
  return holdsAny(viewer, "OPS") || (viewer.kind === "TOKEN" && Boolean(viewer.scopes?.includes("deployments:report")));
}

/** Reporting a deployment's progress: those who report, while it is in flight. */
export function reportPermission(viewer: Viewer, promotion: PromotionState & { deployTarget: string }): Permission {
  if (!isInFlight(promotion.status)) return deny("It is not approved or deploying.");
  if (!canReport(viewer)) return deny("Only ops report how a deployment went.");
  return allow;
}

export function freezeOverridePermission(viewer: Viewer, ctx: GateContext, promotion: PromotionState): Permission {
  if (!isWaiting(promotion.status)) return deny("It is no longer waiting.");
  if (!holdsAny(viewer, "ADMIN")) return deny("Only admins override a freeze.");
  if (ctx.promotion.freezeOverride) return deny("The freeze is already overridden for this promotion.");
  return allow;
}

/**
 * Nudging those who may still approve: any member (never a token), while the promotion waits for
 * approvals someone other than them may give. The once-an-hour limit is the server's (./nudges.ts).
 */
/** A promotion's approvers are nudged at most once an hour. */
export const NUDGE_INTERVAL_MS = 60 * 60_000;

/** When the next nudge is possible, if not yet at `at` (null: it is possible now). */
export function nextNudgeAt(nudgedAt: Date | null, at: Date): Date | null {
  const next = nudgedAt ? new Date(nudgedAt.getTime() + NUDGE_INTERVAL_MS) : null;
  return next && next > at ? next : null;
}

export function nudgePermission(viewer: Viewer, evaluation: GateEvaluation | null, promotion: Pick<PromotionState, "status">): Permission {
  if (viewer.kind !== "MEMBER" || !viewer.id) return deny("Only members nudge approvers.");
  if (!isWaiting(promotion.status) || !evaluation) return deny("It is no longer waiting for approvals.");
  const others = possibleApprovers(evaluation).filter((member) => member.memberId !== viewer.id);
  return others.length > 0 ? allow : deny("It waits for no approval anyone else may give.");
}
