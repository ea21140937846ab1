// Counting approvals against rules such as "2 from Ops AND 1 from QA". One person counts once
// per promotion even when they hold several roles, so approvers are assigned to rule slots by a
// maximum bipartite matching: {Ops+QA, Ops} satisfies "1 Ops and 1 QA", which a greedy count
// that gave the first person to Ops would miss.
import type { Role } from "@/lib/generated/prisma/enums";

export type ApprovalRuleSpec = { role: Role; minCount: number };
export type Approver = { memberId: string; name: string; roles: readonly Role[] };
export type RuleProgress = { role: Role; required: number; given: number; approvers: string[] };

/** Assigns approvers (in the order they approved) to rule slots; returns progress per rule. */
export function countApprovals(rules: readonly ApprovalRuleSpec[], approvers: readonly Approver[]): RuleProgress[] {
  const slots = rules.flatMap((rule, ruleIndex) => Array.from({ length: rule.minCount }, () => ruleIndex));
  const slotOwner: (number | undefined)[] = slots.map(() => undefined);

  const tryAssign = (approver: number, seen: Set<number>): boolean => {
    for (const [slot, ruleIndex] of slots.entries()) {
      if (seen.has(slot) || !approvers[approver]!.roles.includes(rules[ruleIndex]!.role)) continue;
      seen.add(slot);
      const owner = slotOwner[slot];
      if (owner === undefined || tryAssign(owner, seen)) {
        slotOwner[slot] = approver;
        return true;
      }
    }
    return false;
  };
  approvers.forEach((_, index) => tryAssign(index, new Set()));

  return rules.map((rule, ruleIndex) => {
    const owners = slots.flatMap((r, slot) => (r === ruleIndex && slotOwner[slot] !== undefined ? [slotOwner[slot]!] : []));
    return { role: rule.role, required: rule.minCount, given: owners.length, approvers: owners.map((i) => approvers[i]!.name) };
  });
}

export function approvalsComplete(progress: readonly RuleProgress[]): boolean {
  return progress.every((rule) => rule.given >= rule.required);
}

/** Whether one more approval from `candidate` would fill a slot that is still open. */
export function wouldCount(rules: readonly ApprovalRuleSpec[], approvers: readonly Approver[], candidate: Approver): boolean {
  const total = (list: readonly Approver[]) => countApprovals(rules, list).reduce((sum, rule) => sum + rule.given, 0);
  return total([...approvers, candidate]) > total(approvers);
}
