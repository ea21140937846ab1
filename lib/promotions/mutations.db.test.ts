import { describe, expect, test } from "vitest";
import { actorName, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { Conflict, Forbidden, ValidationFailed } from "@/lib/http/errors";
import { abandonRelease, createRelease } from "@/lib/releases/mutations";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import { getBoard } from "./board";
import { getPromotion } from "./queries";
import { getRelease } from "@/lib/releases/queries";
import type { GateEvaluation } from "./gates";
import type { PromotionDto } from "./schemas";
import { approvePromotion, cancelPromotion, overrideFreeze, rejectPromotion, reportDeployment, requestPromotion } from "./mutations";
import { settleAllWaiting } from "./workflow";
import { transition } from "./states";

const database = setupTestDatabase();

const sha = () => unique("").padEnd(12, "0");

/** Registers a release and walks it to success in dev (dev promotes automatically). */
async function releasedToDev(slug: string, dev: Actor, ops: Actor, version = unique("v")) {
  await createRelease(dev, slug, { version, commitSha: sha() });
  const inDev = await db().deployment.findFirstOrThrow({
    where: { release: { version }, environment: { name: "dev" }, project: { slug } },
  });
  await reportDeployment(ops, inDev.id, { status: "succeeded" });
  return version;
}

async function toStaging(slug: string, dev: Actor, ops: Actor, version: string) {
  const promotion = await requestPromotion(dev, slug, { release: version, environment: "staging" });
  await reportDeployment(ops, promotion.id, { status: "succeeded" });
}

async function actors() {
  return {
    dev: await makeActor(["DEVELOPER"]),
    ops1: await makeActor(["OPS"]),
    ops2: await makeActor(["OPS"]),
    ops3: await makeActor(["OPS"]),
    admin: await makeActor(["ADMIN"]),
    qa: await makeActor(["QA"]),
  };
}

describe("flow 1 and 2: register, land in dev, promote to staging", () => {
  test("deployment numbers count up per project, one per promotion, whichever environment", async () => {
    const first = await makePipeline();
    const other = await makePipeline();
    const { dev, ops1 } = await actors();
    const a = await releasedToDev(first.slug, dev, ops1);
    await createRelease(dev, other.slug, { version: unique("v"), commitSha: sha() });
    await toStaging(first.slug, dev, ops1, a);
    await createRelease(dev, first.slug, { version: unique("v"), commitSha: sha() });
    const numbers = async (slug: string) =>
      (await db().deployment.findMany({ where: { project: { slug } }, orderBy: { createdAt: "asc" }, select: { number: true } })).map(
        (d) => d.number,
      );
    expect(await numbers(first.slug)).toEqual([1, 2, 3]);
    expect(await numbers(other.slug)).toEqual([1]);
    const project = await db().project.findUniqueOrThrow({ where: { slug: first.slug } });
    expect(project.deploySeq).toBe(3);
  });

  test("a new release lands in dev at once, requested and approved by automation", async () => {
    const { slug } = await makePipeline();
    const { dev } = await actors();
    const release = await createRelease(dev, slug, { version: "v1.4.0", commitSha: "abc1234" });
    expect(release.environments.map((e) => [e.name, e.status])).toEqual([
      ["dev", "APPROVED"],
      ["staging", null],
      ["production", null],
    ]);
    const inDev = await db().deployment.findFirstOrThrow({ where: { releaseId: release.id } });
    expect(inDev.requestedByKind).toBe("AUTOMATION");
    expect((inDev.gateEvaluation as GateEvaluation).passed).toBe(true);
  });

  test("ops report the deployment; a developer promotes to staging, which needs no approval", async () => {
    const { slug } = await makePipeline();
    const { dev, ops1 } = await actors();
    const version = await releasedToDev(slug, dev, ops1);
    const promotion = await requestPromotion(dev, slug, { release: version, environment: "staging" });
    expect(promotion.status).toBe("APPROVED");
    expect((await reportDeployment(ops1, promotion.id, { status: "deploying" })).status).toBe("DEPLOYING");
    const done = await reportDeployment(ops1, promotion.id, { status: "succeeded", url: "https://ci.example.test/run/1" });
    expect(done).toMatchObject({ status: "SUCCEEDED", externalUrl: "https://ci.example.test/run/1" });
    const board = await getBoard(slug, dev);
    expect(board.columns.map((c) => c.current?.release.version ?? null)).toEqual([version, version, null]);
  });

  test("a developer cannot report a deployment; reporting the same status twice changes nothing", async () => {
    const { slug } = await makePipeline();
    const { dev, ops1 } = await actors();
    await createRelease(dev, slug, { version: "v1", commitSha: "abc1234" });
    const inDev = await db().deployment.findFirstOrThrow({ where: { project: { slug } } });
    await expect(reportDeployment(dev, inDev.id, { status: "succeeded" })).rejects.toBeInstanceOf(Forbidden);
    await reportDeployment(ops1, inDev.id, { status: "succeeded" });
    const events = await db().auditEvent.count({ where: { objectId: inDev.id } });
    await reportDeployment(ops1, inDev.id, { status: "succeeded" });
    expect(await db().auditEvent.count({ where: { objectId: inDev.id } })).toBe(events);
  });
});

describe("flow 4: production needs two ops approvals, not by the requester", () => {
  async function waitingInProduction() {
    const pipeline = await makePipeline({ production: { approvalRules: [{ role: "OPS", minCount: 2 }] } });
    const people = await actors();
    const version = await releasedToDev(pipeline.slug, people.dev, people.ops1);
    await toStaging(pipeline.slug, people.dev, people.ops1, version);
    const promotion = await requestPromotion(people.dev, pipeline.slug, { release: version, environment: "production" });
    return { ...pipeline, ...people, version, promotion };
  }

  test("each step answers with the promotion exactly as a fresh read shows it", async () => {
    const { promotion, ops1, ops2, dev, slug } = await waitingInProduction();
    // Gates of a waiting promotion are evaluated when read: only their evaluation time may differ.
    const sameAsRead = async (answer: PromotionDto, viewer: Actor) => {
      const read = await getPromotion(answer.id, viewer);
      const at = (dto: PromotionDto) => ({ ...dto, gates: dto.gates && { ...dto.gates, evaluatedAt: "" } });
      expect(at(answer)).toEqual(at(read));
      return answer;
    };
    await sameAsRead(promotion, dev);
    expect((await sameAsRead(await approvePromotion(ops1, promotion.id, { comment: "dashboards fine" }), ops1)).status).toBe(
      "AWAITING_GATES",
    );
    await sameAsRead(await approvePromotion(ops1, promotion.id, { comment: "dashboards fine" }), ops1);
    expect((await sameAsRead(await approvePromotion(ops2, promotion.id, {}), ops2)).status).toBe("APPROVED");
    expect((await sameAsRead(await reportDeployment(ops1, promotion.id, { status: "deploying", url: "https://ci/1" }), ops1)).status).toBe(
      "DEPLOYING",
    );
    await sameAsRead(await reportDeployment(ops1, promotion.id, { status: "deploying" }), ops1);
    expect((await sameAsRead(await reportDeployment(ops1, promotion.id, { status: "succeeded", message: "done" }), dev)).status).toBe(
      "SUCCEEDED",
    );

    const next = await releasedToDev(slug, dev, ops1);
    await toStaging(slug, dev, ops1, next);
    const rejected = await requestPromotion(dev, slug, { release: next, environment: "production" });
    expect((await sameAsRead(await rejectPromotion(ops2, rejected.id, { comment: "error rate up" }), ops2)).status).toBe("REJECTED");
    const cancelled = await sameAsRead(await requestPromotion(dev, slug, { release: next, environment: "production" }), dev);
    expect((await sameAsRead(await cancelPromotion(dev, cancelled.id, { reason: "wrong time" }), dev)).status).toBe("CANCELLED");
    await sameAsRead(await cancelPromotion(dev, cancelled.id, {}), dev);
    const failing = await requestPromotion(dev, slug, { release: next, environment: "production" });
    await approvePromotion(ops1, failing.id, {});
    await approvePromotion(ops2, failing.id, {});
    expect((await sameAsRead(await reportDeployment(ops2, failing.id, { status: "failed", message: "pods crash" }), ops2)).status).toBe(
      "FAILED",
    );
  });

  test("it waits, saying exactly what is missing and who may give it", async () => {
    const { promotion, ops1, ops2, dev } = await waitingInProduction();
    expect(promotion.status).toBe("AWAITING_GATES");
    const approvals = promotion.gates!.gates.find((g) => g.kind === "approvals")!;
    expect(approvals).toMatchObject({ status: "waiting", summary: "0 of 2 from Ops" });
    expect(approvals.waitingOn).toMatch(/^Ops \(2 more\): /);
    const names = approvals.candidates![0]!.names;
    expect(names).toEqual(expect.arrayContaining([actorName(ops1.label), actorName(ops2.label)]));
    expect(names).not.toContain(actorName(dev.label));
    // Who has decided, or was deactivated, is no longer named.
    await approvePromotion(ops1, promotion.id, {});
    await db().member.update({ where: { id: ops2.id! }, data: { deactivatedAt: new Date() } });
    const after = (await getPromotion(promotion.id, dev)).gates!.gates.find((g) => g.kind === "approvals")!;
    expect(after.candidates).toEqual([expect.objectContaining({ role: "OPS", remaining: 1 })]);
    expect(after.candidates![0]!.names).not.toContain(actorName(ops1.label));
    expect(after.candidates![0]!.names).not.toContain(actorName(ops2.label));
  });

  test("the requester cannot approve their own request, nor a developer", async () => {
    const { promotion, dev, qa, slug } = await waitingInProduction();
    await expect(approvePromotion(dev, promotion.id, {})).rejects.toThrow("You cannot approve your own request.");
    await expect(approvePromotion(qa, promotion.id, {})).rejects.toBeInstanceOf(Forbidden);
    const requesterOps = await makeActor(["OPS", "DEVELOPER"]);
    await cancelPromotion(dev, promotion.id, {});
    const own = await requestPromotion(requesterOps, slug, { release: promotion.release.version, environment: "production" });
    await expect(approvePromotion(requesterOps, own.id, {})).rejects.toThrow("You cannot approve your own request.");
    expect(await db().approval.count({ where: { deploymentId: { in: [promotion.id, own.id] } } })).toBe(0);
  });

  test("the second approval starts the deployment; success supersedes the previous release", async () => {
    const { promotion, ops1, ops2, slug, dev, envs } = await waitingInProduction();
    const first = await approvePromotion(ops1, promotion.id, { comment: "checked the dashboards" });
    expect(first.status).toBe("AWAITING_GATES");
    expect(first.gates!.gates.find((g) => g.kind === "approvals")?.summary).toBe("1 of 2 from Ops");
    const second = await approvePromotion(ops2, promotion.id, {});
    expect(second.status).toBe("APPROVED");
    expect(second.gates?.passed).toBe(true);

    await reportDeployment(ops1, promotion.id, { status: "succeeded" });
    // The next release through production supersedes this one.
    const next = await releasedToDev(slug, dev, ops1);
    await toStaging(slug, dev, ops1, next);
    const later = await requestPromotion(dev, slug, { release: next, environment: "production" });
    await approvePromotion(ops1, later.id, {});
    await approvePromotion(ops2, later.id, {});
    await reportDeployment(ops2, later.id, { status: "succeeded" });
    const old = await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } });
    expect(old).toMatchObject({ status: "SUPERSEDED", supersededById: later.id });
    expect(old.succeededAt).not.toBeNull();
    expect(await db().deployment.count({ where: { environmentId: envs.production.id, status: "SUCCEEDED" } })).toBe(1);
  });

  test("the deployment keeps the gate evaluation it was decided on", async () => {
    const { promotion, ops1, ops2, envs } = await waitingInProduction();
    await approvePromotion(ops1, promotion.id, {});
    await approvePromotion(ops2, promotion.id, {});
    // The policy changes afterwards: the decision's record does not.
    await db().approvalRule.updateMany({ where: { environmentId: envs.production.id }, data: { minCount: 3 } });
    const stored = (await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } })).gateEvaluation as GateEvaluation;
    expect(stored.passed).toBe(true);
    expect(stored.gates.find((g) => g.kind === "approvals")?.summary).toBe("2 of 2 from Ops");
  });

  test("a rejection needs a comment and ends the request", async () => {
    const { promotion, ops1, ops2 } = await waitingInProduction();
    await expect(rejectPromotion(ops1, promotion.id, {})).rejects.toBeInstanceOf(ValidationFailed);
    const rejected = await rejectPromotion(ops1, promotion.id, { comment: "error rate is up in staging" });
    expect(rejected.status).toBe("REJECTED");
    await expect(approvePromotion(ops2, promotion.id, {})).rejects.toThrow(/is rejected: it cannot take approvals or rejections now/);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: promotion.id, action: "deployment.rejected" } });
    expect(audit.reason).toBe("error rate is up in staging");
  });

  test("a newer request replaces the older waiting one", async () => {
    const { promotion, dev, ops1, slug } = await waitingInProduction();
    const newer = await releasedToDev(slug, dev, ops1);
    await toStaging(slug, dev, ops1, newer);
    const replacement = await requestPromotion(dev, slug, { release: newer, environment: "production" });
    expect(await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } })).toMatchObject({
      status: "SUPERSEDED",
      supersededById: replacement.id,
    });
    // Shiproom supersedes it, on Dana's newer request; it is not Dana's doing in the trail.
    const superseded = await db().auditEvent.findFirstOrThrow({ where: { objectId: promotion.id, action: "deployment.superseded" } });
    expect(superseded).toMatchObject({ actorKind: "AUTOMATION", actorLabel: "Shiproom", after: { cause: dev.label.split(" <")[0] } });
  });

  test("only the requester cancels", async () => {
    const { promotion, dev, ops1 } = await waitingInProduction();
    await expect(cancelPromotion(ops1, promotion.id, {})).rejects.toThrow("Only its requester can cancel it.");
    expect((await cancelPromotion(dev, promotion.id, { reason: "wrong release" })).status).toBe("CANCELLED");
    await expect(approvePromotion(ops1, promotion.id, {})).rejects.toBeInstanceOf(Conflict);
  });
});

describe("gates across environments", () => {
  test("production waits for staging, then settles by itself when staging succeeds", async () => {
    const { slug } = await makePipeline({ production: { approvalRules: [] } });
    const { dev, ops1 } = await actors();
    const version = await releasedToDev(slug, dev, ops1);
    const early = await requestPromotion(dev, slug, { release: version, environment: "production" });
    expect(early.status).toBe("AWAITING_GATES");
    expect(early.gates!.gates[0]).toMatchObject({ kind: "previous-success", status: "waiting" });
    await toStaging(slug, dev, ops1, version);
    expect((await db().deployment.findUniqueOrThrow({ where: { id: early.id } })).status).toBe("APPROVED");
  });

  test("an environment takes one deployment at a time", async () => {
    const { slug } = await makePipeline();
    const { dev, ops1 } = await actors();
    const a = await releasedToDev(slug, dev, ops1);
    const b = await releasedToDev(slug, dev, ops1);
    const first = await requestPromotion(dev, slug, { release: a, environment: "staging" });
    await reportDeployment(ops1, first.id, { status: "deploying" });
    const second = await requestPromotion(dev, slug, { release: b, environment: "staging" });
    expect(second.status).toBe("AWAITING_GATES");
    expect(second.gates!.gates.find((g) => g.kind === "deploy-lock")?.summary).toBe(`#${first.number} (${a}) is deploying`);
    await reportDeployment(ops1, first.id, { status: "failed", message: "health check timed out" });
    expect((await db().deployment.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("APPROVED");
  });

  test("an automatic environment requests a release as soon as the one before succeeds", async () => {
    const { slug } = await makePipeline({ staging: { autoPromote: true } });
    const { dev, ops1 } = await actors();
    const version = await releasedToDev(slug, dev, ops1);
    const staging = await db().deployment.findFirstOrThrow({
      where: { release: { version }, environment: { name: "staging" }, project: { slug } },
    });
    expect(staging).toMatchObject({ requestedByKind: "AUTOMATION", status: "APPROVED" });
    // Shiproom requests and approves it, naming whose step set it off: ops reported dev's success.
    const name = (actor: Actor) => actor.label.split(" <")[0];
    const requested = await db().auditEvent.findFirstOrThrow({ where: { objectId: staging.id, action: "deployment.requested" } });
    expect(requested).toMatchObject({ actorKind: "AUTOMATION", actorLabel: "Shiproom", after: { cause: name(ops1) } });
    const approved = await db().auditEvent.findFirstOrThrow({ where: { objectId: staging.id, action: "deployment.approved" } });
    expect(approved).toMatchObject({ actorKind: "AUTOMATION", after: { cause: name(ops1) } });
    // dev promotes automatically too: there the release's registration set it off.
    const inDev = await db().deployment.findFirstOrThrow({
      where: { release: { version }, environment: { name: "dev" }, project: { slug } },
    });
    for (const action of ["deployment.requested", "deployment.approved"])
      expect(await db().auditEvent.findFirstOrThrow({ where: { objectId: inDev.id, action } })).toMatchObject({
        actorKind: "AUTOMATION",
        after: { cause: name(dev) },
      });
  });

  test("a release older than the one running must be rolled back to, not promoted", async () => {
    const { slug } = await makePipeline();
    const { dev, ops1 } = await actors();
    const old = await releasedToDev(slug, dev, ops1);
    const newer = await releasedToDev(slug, dev, ops1);
    await toStaging(slug, dev, ops1, newer);
    await expect(requestPromotion(dev, slug, { release: old, environment: "staging" })).rejects.toThrow(/older than .* roll back instead/);
    await expect(requestPromotion(dev, slug, { release: newer, environment: "staging" })).rejects.toThrow(/already running in staging/);
  });

  test("an abandoned release cannot be promoted, and its waiting promotions are cancelled", async () => {
    const { slug } = await makePipeline({ staging: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const { dev, ops1 } = await actors();
    const version = await releasedToDev(slug, dev, ops1);
    const waiting = await requestPromotion(dev, slug, { release: version, environment: "staging" });
    await abandonRelease(dev, slug, version, { reason: "built from the wrong branch" });
    expect((await db().deployment.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("CANCELLED");
    await expect(requestPromotion(dev, slug, { release: version, environment: "production" })).rejects.toThrow(/abandoned/);
  });
});

describe("flow 5: rollback", () => {
  async function twoReleasesInStaging() {
    const pipeline = await makePipeline({ staging: { approvalRules: [{ role: "OPS", minCount: 2 }] } });
    const people = await actors();
    const old = await releasedToDev(pipeline.slug, people.dev, people.ops1);
    const p1 = await requestPromotion(people.dev, pipeline.slug, { release: old, environment: "staging" });
    await approvePromotion(people.ops1, p1.id, {});
    await approvePromotion(people.ops2, p1.id, {});
    await reportDeployment(people.ops1, p1.id, { status: "succeeded" });
    const current = await releasedToDev(pipeline.slug, people.dev, people.ops1);
    const p2 = await requestPromotion(people.dev, pipeline.slug, { release: current, environment: "staging" });
    await approvePromotion(people.ops1, p2.id, {});
    await approvePromotion(people.ops2, p2.id, {});
    await reportDeployment(people.ops1, p2.id, { status: "succeeded" });
    return { ...pipeline, ...people, old, current };
  }

  test("ops roll back to a release that ran there, with a reason; no approvals by default", async () => {
    const { slug, ops3, old } = await twoReleasesInStaging();
    const rollback = await requestPromotion(ops3, slug, {
      release: old,
      environment: "staging",
      rollback: true,
      reason: "checkout errors after deploy",
    });
    expect(rollback).toMatchObject({ status: "APPROVED", isRollback: true, reason: "checkout errors after deploy" });
    await reportDeployment(ops3, rollback.id, { status: "succeeded" });
    const board = await getBoard(slug, ops3);
    expect(board.columns[1]!.current).toMatchObject({ release: { version: old }, isRollback: true });
    expect(await db().auditEvent.count({ where: { objectId: rollback.id, action: "deployment.rolled_back" } })).toBe(1);
  });

  test("a release rolled back from an environment says so, and goes there again only when the request confirms it", async () => {
    const { slug, ops3, dev, old, current } = await twoReleasesInStaging();
    const rollback = await requestPromotion(ops3, slug, {
      release: old,
      environment: "staging",
      rollback: true,
      reason: "checkout errors",
    });
    await reportDeployment(ops3, rollback.id, { status: "succeeded" });
    const rolledBack = { by: actorName(ops3.label), reason: "checkout errors" };
    const history = (await getBoard(slug, dev)).columns[1]!.history;
    expect(history.find((item) => item.version === current)).toMatchObject({ status: "SUPERSEDED", rolledBack });
    expect(history.find((item) => item.version === old && item.isRollback)).toMatchObject({ rolledBack: null });
    expect((await getRelease(slug, current)).environments.find((env) => env.name === "staging")).toMatchObject({ rolledBack });

    const refused = await requestPromotion(dev, slug, { release: current, environment: "staging" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Conflict);
    expect((refused as Conflict).message).toContain(`${current} was rolled back from staging by ${rolledBack.by}: checkout errors.`);
    expect((refused as Conflict).fieldErrors.map((e) => e.field)).toEqual(["confirmRolledBack"]);
    const again = await requestPromotion(dev, slug, { release: current, environment: "staging", confirmRolledBack: true });
    expect(again.status).toBe("AWAITING_GATES");
  });

  test("a rollback needs a reason, an ops member, and a release that ran there", async () => {
    const { slug, ops3, dev, old } = await twoReleasesInStaging();
    await expect(requestPromotion(ops3, slug, { release: old, environment: "staging", rollback: true })).rejects.toThrow(
      "reason: Say why you roll back",
    );
    await expect(requestPromotion(dev, slug, { release: old, environment: "staging", rollback: true, reason: "x" })).rejects.toThrow(
      "Only ops roll back.",
    );
    const never = await releasedToDev(slug, dev, ops3);
    await expect(requestPromotion(ops3, slug, { release: never, environment: "staging", rollback: true, reason: "x" })).rejects.toThrow(
      /never ran in staging/,
    );
  });

  test("a policy can make rollbacks wait for approvals too", async () => {
    const { slug, ops3, old, envs } = await twoReleasesInStaging();
    await db().environment.update({ where: { id: envs.staging.id }, data: { rollbackNeedsApproval: true } });
    const rollback = await requestPromotion(ops3, slug, { release: old, environment: "staging", rollback: true, reason: "errors" });
    expect(rollback.status).toBe("AWAITING_GATES");
  });
});

describe("the board over a longer history", () => {
  test("each environment shows its 6 newest finished deployments and the 8 newest other releases that ran there, each once", async () => {
    const { slug } = await makePipeline();
    const { dev, ops1 } = await actors();
    const versions: string[] = [];
    for (let n = 1; n <= 12; n++) versions.push(await releasedToDev(slug, dev, ops1, `v${n}.0.0-${unique("")}`));
    // v3 is abandoned (not a rollback target); v5 is rolled back to, so it succeeded in dev twice.
    await abandonRelease(dev, slug, versions[2]!, { reason: "bad build" });
    const rollback = await requestPromotion(ops1, slug, { release: versions[4]!, environment: "dev", rollback: true, reason: "errors" });
    await reportDeployment(ops1, rollback.id, { status: "succeeded" });

    const column = (await getBoard(slug, dev)).columns[0]!;
    expect(column.current?.release.version).toBe(versions[4]);
    // Finished deployments, newest first: the rollback, v12 (superseded by it), then v11 … v8.
    expect(column.history.map((item) => [item.version, item.status, item.isRollback])).toEqual([
      [versions[4], "SUCCEEDED", true],
      [versions[11], "SUPERSEDED", false],
      [versions[10], "SUPERSEDED", false],
      [versions[9], "SUPERSEDED", false],
      [versions[8], "SUPERSEDED", false],
      [versions[7], "SUPERSEDED", false],
    ]);
    // Other releases by their last success there: v12 … v6, v4 (v5 runs now, once; v3 is abandoned).
    expect(column.rollbackTargets.map((target) => target.version)).toEqual([
      versions[11],
      versions[10],
      versions[9],
      versions[8],
      versions[7],
      versions[6],
      versions[5],
      versions[3],
    ]);
  });
});

describe("freezes", () => {
  async function frozenStaging(rollbackDuringFreeze = true) {
    const pipeline = await makePipeline({ staging: { rollbackDuringFreeze } });
    await db().freezeWindow.create({
      data: {
        environmentId: pipeline.envs.staging.id,
        kind: "ONE_OFF",
        label: "Release freeze",
        timeZone: "Europe/Berlin",
        startsAt: new Date(Date.now() - 3600_000),
        endsAt: new Date(Date.now() + 3600_000),
      },
    });
    return { ...pipeline, ...(await actors()) };
  }

  test("a promotion waits during a freeze; an admin's override with a reason lets it through", async () => {
    const { slug, dev, ops1, admin } = await frozenStaging();
    const version = await releasedToDev(slug, dev, ops1);
    const waiting = await requestPromotion(dev, slug, { release: version, environment: "staging" });
    expect(waiting.status).toBe("AWAITING_GATES");
    expect(waiting.gates!.gates.find((g) => g.kind === "freeze")).toMatchObject({ status: "waiting", title: "Freeze: Release freeze" });
    await expect(overrideFreeze(ops1, waiting.id, { reason: "hotfix" })).rejects.toThrow("Only admins override a freeze.");
    await expect(overrideFreeze(admin, waiting.id, {})).rejects.toBeInstanceOf(ValidationFailed);
    const through = await overrideFreeze(admin, waiting.id, { reason: "hotfix for the payment outage" });
    expect(through.status).toBe("APPROVED");
    expect(through.freezeOverride?.note).toBe("hotfix for the payment outage");
  });

  test("an override answers with the promotion as a fresh read shows it", async () => {
    const { slug, dev, ops1, admin } = await frozenStaging();
    const version = await releasedToDev(slug, dev, ops1);
    const waiting = await requestPromotion(dev, slug, { release: version, environment: "staging" });
    const through = await overrideFreeze(admin, waiting.id, { reason: "hotfix" });
    expect(through).toEqual(await getPromotion(waiting.id, admin));
    expect(through.freezeOverride).toEqual({ by: actorName(admin.label), note: "hotfix" });
  });

  test("when the freeze ends, the ticker lets waiting promotions through", async () => {
    const { slug, dev, ops1, envs } = await frozenStaging();
    const version = await releasedToDev(slug, dev, ops1);
    const waiting = await requestPromotion(dev, slug, { release: version, environment: "staging" });
    await db().freezeWindow.updateMany({ where: { environmentId: envs.staging.id }, data: { endsAt: new Date(Date.now() - 1000) } });
    expect(await settleAllWaiting()).toBeGreaterThanOrEqual(1);
    expect((await db().deployment.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("APPROVED");
  });
  test("how long a freeze held a promotion is counted when the hold ends, by the freeze's end or by an override", async () => {
    const { slug, dev, ops1, admin, envs } = await frozenStaging();
    const hold = (id: string) =>
      db().deployment.findUniqueOrThrow({ where: { id }, select: { freezeHeldSince: true, freezeWaitSeconds: true, status: true } });
    const first = await requestPromotion(dev, slug, { release: await releasedToDev(slug, dev, ops1), environment: "staging" });
    const held = await hold(first.id);
    expect(held.freezeHeldSince).toBeInstanceOf(Date);
    expect(held.freezeWaitSeconds).toBe(0);
    // As if held since two hours ago; settling again while the freeze holds keeps when the hold began.
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await db().deployment.update({ where: { id: first.id }, data: { freezeHeldSince: twoHoursAgo } });
    await settleAllWaiting();
    expect(await hold(first.id)).toEqual({ status: "AWAITING_GATES", freezeHeldSince: twoHoursAgo, freezeWaitSeconds: 0 });
    // The freeze ends: the hold's two hours are counted as the ticker lets it through.
    await db().freezeWindow.updateMany({ where: { environmentId: envs.staging.id }, data: { endsAt: new Date(Date.now() - 1000) } });
    await settleAllWaiting();
    const ended = await hold(first.id);
    expect([ended.status, ended.freezeHeldSince]).toEqual(["APPROVED", null]);
    expect(ended.freezeWaitSeconds).toBeGreaterThanOrEqual(7200);
    expect(ended.freezeWaitSeconds).toBeLessThan(7200 + 60);
    await reportDeployment(ops1, first.id, { status: "succeeded" });

    // Another freeze holds the next one half an hour, 90 s already counted from an earlier hold; an admin overrides it.
    await db().freezeWindow.updateMany({ where: { environmentId: envs.staging.id }, data: { endsAt: new Date(Date.now() + 3600_000) } });
    const second = await requestPromotion(dev, slug, { release: await releasedToDev(slug, dev, ops1), environment: "staging" });
    await db().deployment.update({
      where: { id: second.id },
      data: { freezeHeldSince: new Date(Date.now() - 1800_000), freezeWaitSeconds: 90 },
    });
    await overrideFreeze(admin, second.id, { reason: "hotfix" });
    const overridden = await hold(second.id);
    expect([overridden.status, overridden.freezeHeldSince]).toEqual(["APPROVED", null]);
    expect(overridden.freezeWaitSeconds).toBeGreaterThanOrEqual(90 + 1800);
    expect(overridden.freezeWaitSeconds).toBeLessThan(90 + 1800 + 60);
  });
});

describe("the audit trail of a flow", () => {
  test("every step is recorded with who and why; a refused step records nothing", async () => {
    const { slug } = await makePipeline({ staging: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const { dev, ops1 } = await actors();
    const version = await releasedToDev(slug, dev, ops1);
    const promotion = await requestPromotion(dev, slug, { release: version, environment: "staging" });
    const before = await db().auditEvent.count();
    await expect(approvePromotion(dev, promotion.id, {})).rejects.toBeInstanceOf(Forbidden);
    expect(await db().auditEvent.count()).toBe(before);
    await approvePromotion(ops1, promotion.id, { comment: "ok" });
    const actions = (await db().auditEvent.findMany({ where: { objectId: promotion.id }, orderBy: { seq: "asc" } })).map(
      (e) => `${e.action} by ${e.actorLabel.split(" <")[0]}`,
    );
    expect(actions).toEqual([
      `deployment.requested by ${dev.label.split(" <")[0]}`,
      `deployment.approval_given by ${ops1.label.split(" <")[0]}`,
      // Shiproom clears the gates, after Olive's approval: the event says whose step it was.
      "deployment.approved by Shiproom",
    ]);
    const cleared = await db().auditEvent.findFirstOrThrow({ where: { objectId: promotion.id, action: "deployment.approved" } });
    expect(cleared).toMatchObject({ actorKind: "AUTOMATION", actorMemberId: null, after: { cause: ops1.label.split(" <")[0] } });
  });
});

describe("concurrency", () => {
  async function waitingForLastApproval() {
    const pipeline = await makePipeline({ staging: { approvalRules: [{ role: "OPS", minCount: 2 }] } });
    const people = await actors();
    const version = await releasedToDev(pipeline.slug, people.dev, people.ops1);
    const promotion = await requestPromotion(people.dev, pipeline.slug, { release: version, environment: "staging" });
    await approvePromotion(people.ops1, promotion.id, {});
    return { ...pipeline, ...people, version, promotion };
  }

  test("the same version registered by several pipelines at once: one release, the others told it exists", async () => {
    const { slug, envs, projectId } = await makePipeline();
    const { dev } = await actors();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, n) => createRelease(dev, slug, { version: "v7.0.0", commitSha: `abc${n}def0` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const refused of results.filter((r) => r.status === "rejected"))
      expect((refused as PromiseRejectedResult).reason).toMatchObject({
        status: 409,
        message: expect.stringContaining("v7.0.0 already exists"),
      });
    expect(await db().release.count({ where: { version: "v7.0.0", project: { slug } } })).toBe(1);
    expect(await db().deployment.count({ where: { environmentId: envs.dev.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "release.created", projectId } })).toBe(1);
  });

  test("approvals that arrive together for the last slot start exactly one deployment", async () => {
    const { promotion } = await waitingForLastApproval();
    const approvers = await Promise.all(Array.from({ length: 6 }, () => makeActor(["OPS"])));
    const results = await Promise.allSettled(approvers.map((actor) => approvePromotion(actor, promotion.id, {})));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason instanceof Conflict)).toBe(true);
    expect(await db().approval.count({ where: { deploymentId: promotion.id } })).toBe(2);
    expect(await db().auditEvent.count({ where: { objectId: promotion.id, action: "deployment.approved" } })).toBe(1);
    expect((await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } })).status).toBe("APPROVED");
  });

  test("a double-clicked approve is one approval", async () => {
    const { promotion, ops2 } = await waitingForLastApproval();
    const results = await Promise.all([
      approvePromotion(ops2, promotion.id, {}),
      approvePromotion(ops2, promotion.id, {}),
      approvePromotion(ops2, promotion.id, {}),
    ]);
    expect(results.every((r) => r.status === "APPROVED")).toBe(true);
    expect(await db().approval.count({ where: { deploymentId: promotion.id, memberId: ops2.id! } })).toBe(1);
  });

  test("50 concurrent approvals, rejections, promotions and cancels leave a consistent state", async () => {
    const { promotion, slug, dev, ops1, envs } = await waitingForLastApproval();
    const other = await releasedToDev(slug, dev, ops1);
    const opsPeople = await Promise.all(Array.from({ length: 30 }, () => makeActor(["OPS"])));
    const devs = await Promise.all(Array.from({ length: 10 }, () => makeActor(["DEVELOPER"])));
    const work: Promise<unknown>[] = [
      ...opsPeople.slice(0, 20).map((actor) => approvePromotion(actor, promotion.id, {})),
      ...opsPeople.slice(20).map((actor) => rejectPromotion(actor, promotion.id, { comment: "no" })),
      ...devs.map((actor) => requestPromotion(actor, slug, { release: other, environment: "staging" })),
      ...Array.from({ length: 10 }, () => cancelPromotion(dev, promotion.id, {})),
    ];
    const results = await Promise.allSettled(work);
    expect(results).toHaveLength(50);
    // Every refusal is a reasoned domain error, never a crash.
    for (const result of results) {
      if (result.status === "rejected") expect([Conflict, Forbidden].some((type) => result.reason instanceof type)).toBe(true);
    }
    const final = await db().deployment.findUniqueOrThrow({ where: { id: promotion.id }, include: { approvals: true } });
    expect(["APPROVED", "REJECTED", "CANCELLED", "SUPERSEDED"]).toContain(final.status);
    // Replayed through the state machine, the recorded decisions are legal and end where the row is.
    const events = {
      "deployment.approved": "approve",
      "deployment.rejected": "reject",
      "deployment.cancelled": "cancel",
      "deployment.superseded": "supersede",
    } as const;
    const decisions = await db().auditEvent.findMany({
      where: { objectId: promotion.id, action: { in: Object.keys(events) } },
      orderBy: { seq: "asc" },
    });
    expect(decisions.length).toBeGreaterThanOrEqual(1);
    let state: DeploymentStatus = "AWAITING_GATES";
    for (const decision of decisions) {
      const step = transition(state, events[decision.action as keyof typeof events]);
      expect(step.ok, `${state} → ${decision.action}`).toBe(true);
      if (step.ok) state = step.to;
    }
    expect(state).toBe(final.status);
    const approvals = final.approvals.filter((a) => a.decision === "APPROVE").length;
    const rejections = final.approvals.filter((a) => a.decision === "REJECT").length;
    if (final.status === "APPROVED") expect([approvals, rejections]).toEqual([2, 0]);
    if (final.status === "REJECTED") expect(rejections).toBe(1);
    const perStatus = await db().deployment.groupBy({ by: ["status"], where: { environmentId: envs.staging.id }, _count: true });
    const count = (statuses: string[]) => perStatus.filter((s) => statuses.includes(s.status)).reduce((n, s) => n + s._count, 0);
    expect(count(["REQUESTED", "AWAITING_GATES"])).toBeLessThanOrEqual(1);
    expect(count(["APPROVED", "DEPLOYING"])).toBeLessThanOrEqual(1);
    // The audit chain is still one unbroken line.
    const chain = await database.prisma.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { hash: true, prevHash: true } });
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
  });
});
