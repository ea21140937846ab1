import type { PolicyFlags, UpdatePolicyInput } from "@/lib/environments/schemas";
import type { FreezeWindowSpec } from "@/lib/promotions/freeze";

/** A new environment's switches, as the database defaults them. */
export const NEW_ENVIRONMENT_FLAGS: PolicyFlags = {
  autoPromote: false,
  requirePreviousSuccess: true,
  requesterMayApprove: false,
  authorMayApprove: false,
  rollbackDuringFreeze: true,
  rollbackNeedsApproval: false,
};

/** A complete policy body (the defaults of a new environment), for tests to change one thing in. */
export function policyInput(version: number, overrides: Partial<UpdatePolicyInput> = {}): UpdatePolicyInput {
  return {
    version,
    ...NEW_ENVIRONMENT_FLAGS,
    deployTarget: "MANUAL",
    approvalRules: [{ role: "OPS", minCount: 2 }],
    freezeWindows: [],
    signOffEnvironmentId: null,
    maxFailedTests: null,
    ...overrides,
  };
}

/** Fridays 16:00 to Mondays 08:00 in Berlin: the weekly freeze the tests use. */
export const WEEKEND_FREEZE = {
  kind: "WEEKLY",
  label: "Weekend",
  timeZone: "Europe/Berlin",
  startDay: 5,
  startTime: "16:00",
  endDay: 1,
  endTime: "08:00",
} satisfies FreezeWindowSpec;
