// The one state machine every promotion follows. Mutations ask it before they write; a move
// it does not allow is refused (409) with the reason it gives.
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";

export type PromotionEvent = "wait" | "approve" | "vote" | "reject" | "cancel" | "supersede" | "start" | "succeed" | "fail";

const WAITING: DeploymentStatus[] = ["REQUESTED", "AWAITING_GATES"];
const IN_FLIGHT: DeploymentStatus[] = ["APPROVED", "DEPLOYING"];

/** event → the states it may happen in, and the state it leads to (vote keeps the state). */
const TRANSITIONS: Record<PromotionEvent, { from: DeploymentStatus[]; to: DeploymentStatus | "same" }> = {
  wait: { from: ["REQUESTED"], to: "AWAITING_GATES" },
  approve: { from: WAITING, to: "APPROVED" },
  vote: { from: WAITING, to: "same" },
  reject: { from: WAITING, to: "REJECTED" },
  cancel: { from: [...WAITING, "APPROVED"], to: "CANCELLED" },
  supersede: { from: [...WAITING, "SUCCEEDED"], to: "SUPERSEDED" },
  start: { from: ["APPROVED"], to: "DEPLOYING" },
  succeed: { from: IN_FLIGHT, to: "SUCCEEDED" },
  fail: { from: IN_FLIGHT, to: "FAILED" },
};

export const statusLabels: Record<DeploymentStatus, string> = {
  REQUESTED: "requested",
  AWAITING_GATES: "waiting on gates",
  APPROVED: "approved",
  DEPLOYING: "deploying",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  REJECTED: "rejected",
  CANCELLED: "cancelled",
  SUPERSEDED: "superseded",
};

const eventVerbs: Record<PromotionEvent, string> = {
  wait: "wait on its gates",
  approve: "be approved",
  vote: "take approvals or rejections",
  reject: "be rejected",
  cancel: "be cancelled",
  supersede: "be superseded",
  start: "start deploying",
  succeed: "be marked succeeded",
  fail: "be marked failed",
};

export const isWaiting = (status: DeploymentStatus) => WAITING.includes(status);
export const isInFlight = (status: DeploymentStatus) => IN_FLIGHT.includes(status);

export type TransitionResult = { ok: true; to: DeploymentStatus } | { ok: false; reason: string };

export function transition(from: DeploymentStatus, event: PromotionEvent, label = "This promotion"): TransitionResult {
  const rule = TRANSITIONS[event];
  if (!rule.from.includes(from)) {
    return { ok: false, reason: `${label} is ${statusLabels[from]}: it cannot ${eventVerbs[event]} now.` };
  }
  return { ok: true, to: rule.to === "same" ? from : rule.to };
}
