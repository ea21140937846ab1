import type { UpdatePolicyInput } from "@/lib/environments/schemas";

/** A complete policy body (the defaults of a new environment), for tests to change one thing in. */
export function policyInput(version: number, overrides: Partial<UpdatePolicyInput> = {}): UpdatePolicyInput {
  return {
    version,
    autoPromote: false,
    requirePreviousSuccess: true,
    requesterMayApprove: false,
    authorMayApprove: false,
    rollbackDuringFreeze: true,
    rollbackNeedsApproval: false,
    deployTarget: "MANUAL",
    approvalRules: [{ role: "OPS", minCount: 2 }],
    freezeWindows: [],
    signOffEnvironmentId: null,
    maxFailedTests: null,
    ...overrides,
  };
}
