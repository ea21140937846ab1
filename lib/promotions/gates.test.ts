import { describe, expect, test } from "vitest";
import { WEEKEND_FREEZE } from "@/lib/testing/policies";
import type { Role } from "@/lib/generated/prisma/enums";
import type { FreezeWindowSpec } from "./freeze";
import { evaluateGates, missingRoles, possibleApprovers, type GateContext, type Vote } from "./gates";
import { approvalPermission, cancelPermission, freezeOverridePermission, rejectPermission, reportPermission, type Viewer } from "./policy";

const NOW = new Date("2026-11-25T12:00:00Z"); // a Wednesday

const vote = (memberId: string, roles: Role[], decision: Vote["decision"] = "APPROVE"): Vote => ({
  memberId,
  name: memberId,
  roles,
  decision,
});

function context(
  overrides: {
    rules?: GateContext["environment"]["approvalRules"];
    votes?: Vote[];
    requestedById?: string | null;
    authorId?: string | null;
    isRollback?: boolean;
    requesterMayApprove?: boolean;
    authorMayApprove?: boolean;
    rollbackNeedsApproval?: boolean;
    rollbackDuringFreeze?: boolean;
    freezeWindows?: FreezeWindowSpec[];
    freezeOverride?: GateContext["promotion"]["freezeOverride"];
    requirePreviousSuccess?: boolean;
    previous?: { name: string } | null;
    succeeded?: GateContext["succeeded"];
    inFlight?: GateContext["inFlight"];
    signOff?: GateContext["signOff"];
    now?: Date;
  } = {},
): GateContext {
  return {
    now: overrides.now ?? NOW,
    promotion: {
      isRollback: overrides.isRollback ?? false,
      requestedById: overrides.requestedById === undefined ? "dana" : overrides.requestedById,
      freezeOverride: overrides.freezeOverride ?? null,
    },
    release: { version: "v1.4.0", createdById: overrides.authorId === undefined ? "carl" : overrides.authorId },
    environment: {
      name: "production",
      requirePreviousSuccess: overrides.requirePreviousSuccess ?? true,
      requesterMayApprove: overrides.requesterMayApprove ?? false,
      authorMayApprove: overrides.authorMayApprove ?? false,
      rollbackDuringFreeze: overrides.rollbackDuringFreeze ?? true,
      rollbackNeedsApproval: overrides.rollbackNeedsApproval ?? false,
      approvalRules: overrides.rules ?? [{ role: "OPS", minCount: 2 }],
      freezeWindows: overrides.freezeWindows ?? [],
    },
    previousEnvironment: overrides.previous === undefined ? { name: "staging" } : overrides.previous,
    succeeded: overrides.succeeded ?? { previous: true, here: false },
    votes: overrides.votes ?? [],
    inFlight: overrides.inFlight ?? null,
    signOff: overrides.signOff ?? null,
  };
}

const gate = (ctx: GateContext, kind: string) => evaluateGates(ctx).gates.find((g) => g.kind === kind);

const weekendBerlin: FreezeWindowSpec = WEEKEND_FREEZE;
const FRIDAY_EVENING = new Date("2026-11-27T17:00:00Z"); // Fri 18:00 Berlin

describe("the approvals gate names who may still approve", () => {
  const member = (memberId: string, roles: Role[]) => ({ memberId, name: memberId.replace(/^./, (c) => c.toUpperCase()), roles });
  const approvers = [member("olive", ["OPS"]), member("oscar", ["OPS"]), member("dana", ["OPS", "DEVELOPER"]), member("quinn", ["QA"])];
  const waitingOn = (overrides: Parameters<typeof context>[0]) => gate({ ...context(overrides), approvers }, "approvals")?.waitingOn;

  test.each<[string, Parameters<typeof context>[0], string]>([
    ["none given: everyone holding the role but the requester", {}, "Ops (2 more): Olive, Oscar"],
    ["the requester may approve here: named too", { requesterMayApprove: true }, "Ops (2 more): Dana, Olive, Oscar"],
    ["one given: not who decided", { votes: [vote("olive", ["OPS"])] }, "Ops: Oscar"],
    ["a rejection is a decision too", { votes: [vote("oscar", ["OPS"], "REJECT")] }, "Ops (2 more): Olive"],
    [
      "two rules: each its own people",
      {
        rules: [
          { role: "OPS", minCount: 1 },
          { role: "QA", minCount: 1 },
        ],
      },
      "Ops: Olive, Oscar; QA: Quinn",
    ],
    ["no one left who may approve", { rules: [{ role: "ADMIN", minCount: 1 }] }, "Admin: no one else holds the role"],
  ])("%s", (_, overrides, expected) => {
    expect(waitingOn(overrides)).toBe(expected);
  });

  test("a rule fewer members may meet than it still needs says so, with the way out; one that can be met says nothing", () => {
    const notesOf = (overrides: Parameters<typeof context>[0]) => gate({ ...context(overrides), approvers }, "approvals")?.notes;
    expect(notesOf({ rules: [{ role: "OPS", minCount: 3 }] })).toEqual([
      "This cannot be met as things stand: Ops needs 3 more approvals and only 2 members may give them. An admin can give the role to more members or change production's policy.",
    ]);
    expect(notesOf({ rules: [{ role: "QA", minCount: 2 }], votes: [vote("quinn", ["QA"])] })).toEqual([
      "This cannot be met as things stand: QA needs 1 more approval and no one may give it. An admin can give the role to more members or change production's policy.",
    ]);
    expect(notesOf({ rules: [{ role: "OPS", minCount: 2 }] })).toBeUndefined();
    // Without the names (a reader not told who may approve), nothing is claimed.
    expect(gate(context({ rules: [{ role: "OPS", minCount: 3 }] }), "approvals")?.notes).toBeUndefined();
  });

  test("each rule's candidates carry their member ids; the nudged are everyone who may still approve, once each", () => {
    const rules: GateContext["environment"]["approvalRules"] = [
      { role: "OPS", minCount: 2 },
      { role: "DEVELOPER", minCount: 1 },
    ];
    const ctx = { ...context({ rules, votes: [vote("olive", ["OPS"])], requestedById: "quinn" }), approvers };
    expect(gate(ctx, "approvals")?.candidates).toEqual([
      {
        role: "OPS",
        remaining: 1,
        names: ["Dana", "Oscar"],
        members: [
          { memberId: "dana", name: "Dana" },
          { memberId: "oscar", name: "Oscar" },
        ],
      },
      { role: "DEVELOPER", remaining: 1, names: ["Dana"], members: [{ memberId: "dana", name: "Dana" }] },
    ]);
    expect(possibleApprovers(evaluateGates(ctx))).toEqual([
      { memberId: "dana", name: "Dana" },
      { memberId: "oscar", name: "Oscar" },
    ]);
    // Passed: no one to nudge.
    expect(
      possibleApprovers(evaluateGates({ ...ctx, votes: [vote("olive", ["OPS"]), vote("oscar", ["OPS"]), vote("dana", ["DEVELOPER"])] })),
    ).toEqual([]);
  });

  test("a long list is cut after three names", () => {
    const many = ["a", "b", "c", "d", "e", "f"].map((id) => member(id, ["OPS"]));
    expect(gate({ ...context({}), approvers: many }, "approvals")?.waitingOn).toBe("Ops (2 more): A, B, C and 3 others");
  });
});

describe("the approvals gate", () => {
  test.each<[string, Parameters<typeof context>[0], "passed" | "waiting", string, string | undefined]>([
    ["two ops approvals required, none given", { votes: [] }, "waiting", "0 of 2 from Ops", "Ops (2 more)"],
    ["two ops approvals required, one given", { votes: [vote("olive", ["OPS"])] }, "waiting", "1 of 2 from Ops", "Ops"],
    [
      "two ops approvals, two given",
      { votes: [vote("olive", ["OPS"]), vote("ari", ["OPS", "ADMIN"])] },
      "passed",
      "2 of 2 from Ops",
      undefined,
    ],
    [
      "the requester's own approval does not count",
      { votes: [vote("olive", ["OPS"]), vote("dana", ["OPS"])] },
      "waiting",
      "1 of 2 from Ops",
      "Ops",
    ],
    [
      "unless the policy lets requesters approve",
      { requesterMayApprove: true, votes: [vote("olive", ["OPS"]), vote("dana", ["OPS"])] },
      "passed",
      "2 of 2 from Ops",
      undefined,
    ],
    [
      "the release author's approval does not count",
      { votes: [vote("olive", ["OPS"]), vote("carl", ["OPS"])] },
      "waiting",
      "1 of 2 from Ops",
      "Ops",
    ],
    [
      "unless the policy lets authors approve",
      { authorMayApprove: true, votes: [vote("olive", ["OPS"]), vote("carl", ["OPS"])] },
      "passed",
      "2 of 2 from Ops",
      undefined,
    ],
    [
      "a rejection is no approval",
      { votes: [vote("olive", ["OPS"]), vote("ari", ["OPS"], "REJECT")] },
      "waiting",
      "1 of 2 from Ops",
      "Ops",
    ],
    [
      "1 from ops and 1 from QA, one person with both counts once",
      {
        rules: [
          { role: "OPS", minCount: 1 },
          { role: "QA", minCount: 1 },
        ],
        votes: [vote("pat", ["OPS", "QA"])],
      },
      "waiting",
      "1 of 1 from Ops · 0 of 1 from QA",
      "QA",
    ],
    [
      "1 from ops and 1 from QA, both given",
      {
        rules: [
          { role: "OPS", minCount: 1 },
          { role: "QA", minCount: 1 },
        ],
        votes: [vote("pat", ["OPS", "QA"]), vote("olive", ["OPS"])],
      },
      "passed",
      "1 of 1 from Ops · 1 of 1 from QA",
      undefined,
    ],
    [
      "a rollback needs no approvals by default",
      { isRollback: true, succeeded: { previous: true, here: true } },
      "passed",
      "not needed for a rollback",
      undefined,
    ],
    [
      "unless the policy says rollbacks need them",
      { isRollback: true, rollbackNeedsApproval: true, succeeded: { previous: true, here: true } },
      "waiting",
      "0 of 2 from Ops",
      "Ops (2 more)",
    ],
  ])("%s", (_, overrides, status, summary, waitingOn) => {
    const result = gate(context(overrides), "approvals");
    expect(result).toMatchObject({ status, summary });
    expect(result?.waitingOn).toBe(waitingOn);
  });

  test("an environment without rules shows no approvals gate", () => {
    expect(gate(context({ rules: [] }), "approvals")).toBeUndefined();
  });

  test("the roles still missing are reported for the inbox", () => {
    expect(
      missingRoles(
        evaluateGates(
          context({
            rules: [
              { role: "OPS", minCount: 1 },
              { role: "QA", minCount: 1 },
            ],
            votes: [vote("olive", ["OPS"])],
          }),
        ),
      ),
    ).toEqual(["QA"]);
  });
});

describe("the freeze gate", () => {
  test.each<[string, Parameters<typeof context>[0], "passed" | "waiting" | undefined, RegExp | undefined]>([
    ["no freeze on a Wednesday", { freezeWindows: [weekendBerlin] }, undefined, undefined],
    [
      "frozen on Friday evening in Berlin",
      { freezeWindows: [weekendBerlin], now: FRIDAY_EVENING },
      "waiting",
      /^Frozen until Mon 30 Nov, 08:00 Europe\/Berlin$/,
    ],
    [
      "the same instant is not frozen for a New York weekend",
      { freezeWindows: [{ ...weekendBerlin, timeZone: "America/New_York" }], now: FRIDAY_EVENING },
      undefined,
      undefined,
    ],
    [
      "an admin's override lets it through, saying who and why",
      { freezeWindows: [weekendBerlin], now: FRIDAY_EVENING, freezeOverride: { by: "Ari Admin", note: "payment outage fix" } },
      "passed",
      /^Overridden by Ari Admin: “payment outage fix”$/,
    ],
    [
      "a rollback passes a freeze when the policy allows",
      { freezeWindows: [weekendBerlin], now: FRIDAY_EVENING, isRollback: true, succeeded: { previous: true, here: true } },
      "passed",
      /rollbacks are allowed/,
    ],
    [
      "a rollback waits too when the policy forbids it",
      {
        freezeWindows: [weekendBerlin],
        now: FRIDAY_EVENING,
        isRollback: true,
        rollbackDuringFreeze: false,
        succeeded: { previous: true, here: true },
      },
      "waiting",
      /^Frozen until/,
    ],
  ])("%s", (_, overrides, status, summary) => {
    const result = gate(context(overrides), "freeze");
    expect(result?.status).toBe(status);
    if (summary) expect(result?.summary).toMatch(summary);
  });

  test("a waiting freeze says what ends it", () => {
    expect(gate(context({ freezeWindows: [weekendBerlin], now: FRIDAY_EVENING }), "freeze")?.waitingOn).toBe(
      "the freeze to end (Mon 30 Nov, 08:00 Europe/Berlin) or an admin's override",
    );
  });
});

describe("the previous-environment gate", () => {
  test.each<[string, Parameters<typeof context>[0], "passed" | "waiting" | "failed" | undefined, string | undefined]>([
    ["succeeded in staging", { succeeded: { previous: true, here: false } }, "passed", "succeeded"],
    ["not yet in staging", { succeeded: { previous: false, here: false } }, "waiting", "not yet"],
    ["not required by the policy", { requirePreviousSuccess: false, succeeded: { previous: false, here: false } }, undefined, undefined],
    ["the first environment has no previous one", { previous: null }, undefined, undefined],
    [
      "a rollback needs the release to have run here",
      { isRollback: true, succeeded: { previous: true, here: true } },
      "passed",
      "v1.4.0 ran in production before",
    ],
    [
      "a rollback to a release that never ran here fails",
      { isRollback: true, succeeded: { previous: true, here: false } },
      "failed",
      "v1.4.0 never ran in production",
    ],
  ])("%s", (_, overrides, status, summary) => {
    const result = gate(context(overrides), "previous-success");
    expect(result?.status).toBe(status);
    expect(result?.summary).toBe(summary);
  });
});

test("the previous environment's line reads naturally: where, what, when, and what it waits on", () => {
  const at = "2026-12-02T10:00:00.000Z";
  const passed = gate(context({ succeeded: { previous: true, here: false, previousAt: at } }), "previous-success");
  expect(passed).toMatchObject({ title: "Deployed to staging", summary: "succeeded", at });
  const waiting = gate(context({ succeeded: { previous: false, here: false } }), "previous-success");
  expect(`${waiting?.title}: ${waiting?.summary} — waiting on ${waiting?.waitingOn}`).toBe(
    "Deployed to staging: not yet — waiting on v1.4.0 to succeed in staging",
  );
});

describe("the QA sign-off gate", () => {
  const required = (state: NonNullable<GateContext["signOff"]>["state"], maxFailed: number | null = null) => ({
    environment: "staging",
    maxFailed,
    state,
  });
  const href = "/projects/p/runs/r";
  test.each<[string, Parameters<typeof context>[0], "passed" | "waiting" | undefined, string | undefined]>([
    ["not required by the policy", {}, undefined, undefined],
    ["no run yet", { signOff: required({ kind: "no-run" }) }, "waiting", "no test run of v1.4.0 on staging yet"],
    [
      "a run with failures, not signed",
      { signOff: required({ kind: "open", run: 3, href, failed: 2, blocked: 0, untested: 0, decision: null }) },
      "waiting",
      "2 failed, not signed",
    ],
    [
      "a run QA blocked",
      {
        signOff: required({
          kind: "open",
          run: 3,
          href,
          failed: 1,
          blocked: 1,
          untested: 4,
          decision: { kind: "blocked", by: "Quinn QA", comment: "payment broken" },
        }),
      },
      "waiting",
      "1 failed, 1 blocked, 4 untested, blocked by Quinn QA: “payment broken”",
    ],
    [
      "a sign-off voided by a later result",
      {
        signOff: required({
          kind: "open",
          run: 3,
          href,
          failed: 1,
          blocked: 0,
          untested: 0,
          decision: { kind: "voided", reason: "CHK-4 changed from passed to failed" },
        }),
      },
      "waiting",
      "1 failed, sign-off voided (CHK-4 changed from passed to failed)",
    ],
    [
      "signed off",
      { signOff: required({ kind: "signed", by: "Quinn QA", run: 3, href, failed: 0, waived: 0 }) },
      "passed",
      "signed off by Quinn QA (run #3)",
    ],
    [
      "signed off with waivers",
      { signOff: required({ kind: "signed", by: "Quinn QA", run: 3, href, failed: 1, waived: 1 }) },
      "passed",
      "signed off by Quinn QA (run #3), 1 waived",
    ],
    [
      "signed off, but more failed tests than the policy allows",
      { signOff: required({ kind: "signed", by: "Quinn QA", run: 3, href, failed: 2, waived: 2 }, 1) },
      "waiting",
      "run #3 has 2 failed; at most 1 allowed",
    ],
    [
      "a rollback needs no new sign-off",
      { isRollback: true, succeeded: { previous: true, here: true }, signOff: required({ kind: "no-run" }) },
      "passed",
      "not needed for a rollback",
    ],
  ])("%s", (_, overrides, status, summary) => {
    const result = gate(context(overrides), "sign-off");
    expect(result?.status).toBe(status);
    expect(result?.summary).toBe(summary);
    if (result && status === "waiting" && overrides?.signOff?.state.kind === "open")
      expect(result.waitingOn).toBe("QA's sign-off of run #3");
  });

  test("it reads as the board shows it", () => {
    const result = gate(
      context({ signOff: required({ kind: "open", run: 3, href, failed: 2, blocked: 0, untested: 0, decision: null }) }),
      "sign-off",
    )!;
    expect(`${result.title}: ${result.summary}`).toBe("QA sign-off on staging: 2 failed, not signed");
  });
});

describe("the environment-free gate", () => {
  test("waits while another deployment is in flight", () => {
    expect(gate(context({ inFlight: { number: 12, version: "v1.3.9", status: "DEPLOYING" } }), "deploy-lock")).toMatchObject({
      status: "waiting",
      summary: "#12 (v1.3.9) is deploying",
      waitingOn: "#12 to finish",
    });
  });
  test("is not shown when the environment is free", () => {
    expect(gate(context(), "deploy-lock")).toBeUndefined();
  });
});

describe("the evaluation as a whole", () => {
  test("passes only when every gate passes", () => {
    const ready = context({ votes: [vote("olive", ["OPS"]), vote("ari", ["OPS"])] });
    expect(evaluateGates(ready).passed).toBe(true);
    expect(evaluateGates({ ...ready, succeeded: { previous: false, here: false } }).passed).toBe(false);
    expect(
      evaluateGates({ ...ready, now: FRIDAY_EVENING, environment: { ...ready.environment, freezeWindows: [weekendBerlin] } }).passed,
    ).toBe(false);
    expect(evaluateGates({ ...ready, inFlight: { number: 1, version: "v1", status: "APPROVED" } }).passed).toBe(false);
  });

  test("records when it was evaluated, in gate order", () => {
    const evaluation = evaluateGates(
      context({ freezeWindows: [weekendBerlin], now: FRIDAY_EVENING, inFlight: { number: 3, version: "v1", status: "DEPLOYING" } }),
    );
    expect(evaluation.evaluatedAt).toBe(FRIDAY_EVENING.toISOString());
    expect(evaluation.gates.map((g) => g.kind)).toEqual(["previous-success", "freeze", "approvals", "deploy-lock"]);
    const withSignOff = evaluateGates(context({ signOff: { environment: "staging", maxFailed: null, state: { kind: "no-run" } } }));
    expect(withSignOff.gates.map((g) => g.kind)).toEqual(["previous-success", "sign-off", "approvals"]);
  });

  test("another gate kind plugs in without touching the others", () => {
    const signOff = () => ({ kind: "sign-off" as const, status: "waiting" as const, title: "QA sign-off", summary: "not signed" });
    const evaluation = evaluateGates(context({ votes: [vote("olive", ["OPS"]), vote("ari", ["OPS"])] }), [signOff]);
    expect(evaluation).toMatchObject({ passed: false, gates: [{ kind: "sign-off" }] });
  });
});

describe("who may act on a promotion", () => {
  const ops = (id: string, ...extra: Role[]): Viewer => ({ kind: "MEMBER", id, name: id, roles: ["OPS", ...extra] });
  const waiting = { status: "AWAITING_GATES" as const, requestedById: "dana" };

  test.each<[string, Viewer, Parameters<typeof context>[0], string | null]>([
    ["an ops member may approve", ops("olive"), {}, null],
    ["the requester may not", ops("dana"), {}, "You cannot approve your own request."],
    ["the release's author may not", ops("carl"), {}, "You created this release, so you cannot approve it."],
    ["someone who already approved may not again", ops("olive"), { votes: [vote("olive", ["OPS"])] }, "You already approved."],
    [
      "a developer holds none of the roles",
      { kind: "MEMBER", id: "dev", name: "dev", roles: ["DEVELOPER"] },
      {},
      "Approvals come from Ops; you hold none of these roles.",
    ],
    [
      "an ops member when only QA is missing",
      ops("olive"),
      {
        rules: [
          { role: "OPS", minCount: 1 },
          { role: "QA", minCount: 1 },
        ],
        votes: [vote("ari", ["OPS"])],
      },
      "The approvals your roles can give are complete.",
    ],
    [
      "an ops+QA member when only QA is missing",
      ops("pat", "QA"),
      {
        rules: [
          { role: "OPS", minCount: 1 },
          { role: "QA", minCount: 1 },
        ],
        votes: [vote("ari", ["OPS"])],
      },
      null,
    ],
    [
      "a token never approves",
      { kind: "TOKEN", id: "tok", roles: [], scopes: ["promotions:request"] },
      {},
      "Only people approve or reject promotions.",
    ],
    ["nobody approves a promotion that needs no approvals", ops("olive"), { rules: [] }, "It needs no approvals."],
  ])("%s", (_, viewer, overrides, reason) => {
    const permission = approvalPermission(viewer, context(overrides), waiting);
    expect(permission.allowed ? null : permission.reason).toBe(reason);
  });

  test("approving is only possible while it waits", () => {
    expect(approvalPermission(ops("olive"), context(), { status: "APPROVED", requestedById: "dana" })).toEqual({
      allowed: false,
      reason: "It is no longer waiting for approvals.",
    });
  });

  test("an ops member whose slots are full may still reject", () => {
    const ctx = context({
      rules: [
        { role: "OPS", minCount: 1 },
        { role: "QA", minCount: 1 },
      ],
      votes: [vote("ari", ["OPS"])],
    });
    expect(rejectPermission(ops("olive"), ctx, waiting)).toEqual({ allowed: true });
    expect(rejectPermission(ops("dana"), ctx, waiting)).toEqual({ allowed: false, reason: "You cannot approve your own request." });
  });

  test("only the requester cancels, before it deploys", () => {
    expect(cancelPermission(ops("dana"), waiting)).toEqual({ allowed: true });
    expect(cancelPermission(ops("dana"), { status: "APPROVED", requestedById: "dana" })).toEqual({ allowed: true });
    expect(cancelPermission(ops("olive"), waiting)).toEqual({ allowed: false, reason: "Only its requester can cancel it." });
    expect(cancelPermission(ops("dana"), { status: "DEPLOYING", requestedById: "dana" }).allowed).toBe(false);
  });

  test("ops cancel what automation requested; developers do not", () => {
    const automatic = { status: "AWAITING_GATES" as const, requestedById: null, requestedByKind: "AUTOMATION" as const };
    expect(cancelPermission(ops("olive"), automatic)).toEqual({ allowed: true });
    expect(cancelPermission({ kind: "MEMBER", id: "dana", roles: ["DEVELOPER"] }, automatic)).toEqual({
      allowed: false,
      reason: "Only ops can cancel an automatic promotion.",
    });
  });

  test("ops report a manual deployment's progress; developers do not", () => {
    const inFlight = { status: "APPROVED" as const, requestedById: "dana", deployTarget: "MANUAL" };
    expect(reportPermission(ops("olive"), inFlight)).toEqual({ allowed: true });
    expect(reportPermission({ kind: "MEMBER", id: "dana", roles: ["DEVELOPER"] }, inFlight)).toEqual({
      allowed: false,
      reason: "Only ops report how a deployment went.",
    });
    expect(reportPermission(ops("olive"), { ...inFlight, status: "SUCCEEDED" }).allowed).toBe(false);
  });

  test("only admins override a freeze, once", () => {
    const admin: Viewer = { kind: "MEMBER", id: "ari", roles: ["ADMIN"] };
    expect(freezeOverridePermission(admin, context(), waiting)).toEqual({ allowed: true });
    expect(freezeOverridePermission(ops("olive"), context(), waiting)).toEqual({
      allowed: false,
      reason: "Only admins override a freeze.",
    });
    expect(freezeOverridePermission(admin, context({ freezeOverride: { by: "ari", note: "x" } }), waiting).allowed).toBe(false);
  });
});
