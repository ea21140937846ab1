import { describe, expect, test } from "vitest";
import type { Role } from "@/lib/generated/prisma/enums";
import { approvalsComplete, countApprovals, wouldCount, type ApprovalRuleSpec } from "./approvals";

const person = (name: string, ...roles: Role[]) => ({ memberId: name, name, roles });

describe("counting approvals against rules", () => {
  test.each<[string, ApprovalRuleSpec[], ReturnType<typeof person>[], number[], boolean]>([
    ["2 from ops, none yet", [{ role: "OPS", minCount: 2 }], [], [0], false],
    ["2 from ops, one ops", [{ role: "OPS", minCount: 2 }], [person("A", "OPS")], [1], false],
    ["2 from ops, two ops", [{ role: "OPS", minCount: 2 }], [person("A", "OPS"), person("B", "OPS")], [2], true],
    ["2 from ops, a QA does not count", [{ role: "OPS", minCount: 2 }], [person("A", "OPS"), person("Q", "QA")], [1], false],
    [
      "1 ops and 1 QA, from ops and QA",
      [
        { role: "OPS", minCount: 1 },
        { role: "QA", minCount: 1 },
      ],
      [person("A", "OPS"), person("Q", "QA")],
      [1, 1],
      true,
    ],
    [
      "1 ops and 1 QA, one person with both roles counts once",
      [
        { role: "OPS", minCount: 1 },
        { role: "QA", minCount: 1 },
      ],
      [person("AQ", "OPS", "QA")],
      [1, 0],
      false,
    ],
    // The case a greedy count gets wrong: AQ must take the QA slot so that B can take Ops.
    [
      "1 ops and 1 QA, {ops+QA} then {ops}",
      [
        { role: "OPS", minCount: 1 },
        { role: "QA", minCount: 1 },
      ],
      [person("AQ", "OPS", "QA"), person("B", "OPS")],
      [1, 1],
      true,
    ],
    [
      "2 ops and 1 QA, {ops+QA}, {ops}, {ops}",
      [
        { role: "OPS", minCount: 2 },
        { role: "QA", minCount: 1 },
      ],
      [person("AQ", "OPS", "QA"), person("B", "OPS"), person("C", "OPS")],
      [2, 1],
      true,
    ],
    ["no rules: nothing to count", [], [person("A", "OPS")], [], true],
  ])("%s", (_, rules, approvers, given, complete) => {
    const progress = countApprovals(rules, approvers);
    expect(progress.map((p) => p.given)).toEqual(given);
    expect(approvalsComplete(progress)).toBe(complete);
  });

  test("two people cannot fill three slots, whatever roles they hold", () => {
    const progress = countApprovals(
      [
        { role: "OPS", minCount: 2 },
        { role: "QA", minCount: 1 },
      ],
      [person("X", "OPS", "QA"), person("Y", "OPS", "QA")],
    );
    expect(progress.reduce((sum, p) => sum + p.given, 0)).toBe(2);
    expect(approvalsComplete(progress)).toBe(false);
  });

  test("the names of who filled each rule are reported", () => {
    const progress = countApprovals(
      [
        { role: "OPS", minCount: 1 },
        { role: "QA", minCount: 1 },
      ],
      [person("Ana", "OPS", "QA"), person("Bo", "OPS")],
    );
    expect(progress).toEqual([
      { role: "OPS", required: 1, given: 1, approvers: ["Bo"] },
      { role: "QA", required: 1, given: 1, approvers: ["Ana"] },
    ]);
  });

  test.each<[string, ApprovalRuleSpec[], ReturnType<typeof person>[], ReturnType<typeof person>, boolean]>([
    ["an ops member when ops slots are open", [{ role: "OPS", minCount: 2 }], [person("A", "OPS")], person("B", "OPS"), true],
    [
      "an ops member when ops is complete and QA is missing",
      [
        { role: "OPS", minCount: 1 },
        { role: "QA", minCount: 1 },
      ],
      [person("A", "OPS")],
      person("B", "OPS"),
      false,
    ],
    [
      "an ops+QA member when QA is missing",
      [
        { role: "OPS", minCount: 1 },
        { role: "QA", minCount: 1 },
      ],
      [person("A", "OPS")],
      person("C", "OPS", "QA"),
      true,
    ],
    ["someone whose role no rule names", [{ role: "OPS", minCount: 1 }], [], person("D", "DEVELOPER"), false],
  ])("whether one more approval would count: %s", (_, rules, approvers, candidate, expected) => {
    expect(wouldCount(rules, approvers, candidate)).toBe(expected);
  });
});
