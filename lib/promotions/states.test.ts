import { describe, expect, test } from "vitest";
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import { transition, type PromotionEvent } from "./states";

const ALL: DeploymentStatus[] = [
  "REQUESTED",
  "AWAITING_GATES",
  "APPROVED",
  "DEPLOYING",
  "SUCCEEDED",
  "FAILED",
  "REJECTED",
  "CANCELLED",
  "SUPERSEDED",
];

// Every (state, event) pair: the state it leads to, or "-" where it is refused.
const table: Record<DeploymentStatus, Record<PromotionEvent, DeploymentStatus | "-">> = {
  REQUESTED: {
    wait: "AWAITING_GATES",
    approve: "APPROVED",
    vote: "REQUESTED",
    reject: "REJECTED",
    cancel: "CANCELLED",
    supersede: "SUPERSEDED",
    start: "-",
    succeed: "-",
    fail: "-",
  },
  AWAITING_GATES: {
    wait: "-",
    approve: "APPROVED",
    vote: "AWAITING_GATES",
    reject: "REJECTED",
    cancel: "CANCELLED",
    supersede: "SUPERSEDED",
    start: "-",
    succeed: "-",
    fail: "-",
  },
  APPROVED: {
    wait: "-",
    approve: "-",
    vote: "-",
    reject: "-",
    cancel: "CANCELLED",
    supersede: "-",
    start: "DEPLOYING",
    succeed: "SUCCEEDED",
    fail: "FAILED",
  },
  DEPLOYING: {
    wait: "-",
    approve: "-",
    vote: "-",
    reject: "-",
    cancel: "-",
    supersede: "-",
    start: "-",
    succeed: "SUCCEEDED",
    fail: "FAILED",
  },
  SUCCEEDED: { wait: "-", approve: "-", vote: "-", reject: "-", cancel: "-", supersede: "SUPERSEDED", start: "-", succeed: "-", fail: "-" },
  FAILED: { wait: "-", approve: "-", vote: "-", reject: "-", cancel: "-", supersede: "-", start: "-", succeed: "-", fail: "-" },
  REJECTED: { wait: "-", approve: "-", vote: "-", reject: "-", cancel: "-", supersede: "-", start: "-", succeed: "-", fail: "-" },
  CANCELLED: { wait: "-", approve: "-", vote: "-", reject: "-", cancel: "-", supersede: "-", start: "-", succeed: "-", fail: "-" },
  SUPERSEDED: { wait: "-", approve: "-", vote: "-", reject: "-", cancel: "-", supersede: "-", start: "-", succeed: "-", fail: "-" },
};

describe("the promotion state machine", () => {
  const cases = ALL.flatMap((from) =>
    (Object.keys(table[from]) as PromotionEvent[]).map((event) => [from, event, table[from][event]] as const),
  );

  test.each(cases)("%s + %s → %s", (from, event, expected) => {
    const result = transition(from, event);
    if (expected === "-") {
      expect(result.ok).toBe(false);
    } else {
      expect(result).toEqual({ ok: true, to: expected });
    }
  });

  test("a refusal says what the promotion is and what it can no longer do", () => {
    expect(transition("SUCCEEDED", "cancel", "Promotion #12")).toEqual({
      ok: false,
      reason: "Promotion #12 is succeeded: it cannot be cancelled now.",
    });
    expect(transition("REJECTED", "vote")).toEqual({
      ok: false,
      reason: "This promotion is rejected: it cannot take approvals or rejections now.",
    });
  });

  test("finished promotions accept nothing but supersession of a success", () => {
    for (const from of ["FAILED", "REJECTED", "CANCELLED", "SUPERSEDED"] as const) {
      for (const event of Object.keys(table[from]) as PromotionEvent[]) expect(transition(from, event).ok).toBe(false);
    }
  });
});
