import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { actorName, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { updateEnvironmentPolicy } from "@/lib/environments/mutations";
import { listEnvironmentPolicies } from "@/lib/environments/queries";
import { Conflict, Forbidden, TooManyRequests, ValidationFailed } from "@/lib/http/errors";
import { createRelease } from "@/lib/releases/mutations";
import { getRelease } from "@/lib/releases/queries";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { policyInput } from "@/lib/testing/policies";
import { approvePromotion, reportDeployment, requestPromotion } from "./mutations";
import { nudgePromotion, remindWaiting } from "./nudges";
import { getPromotion } from "./queries";

setupTestDatabase();

const HOUR = 3_600_000;
const sha = () => unique("").padEnd(12, "0");

// The server's clock (lib/clock.ts) moved forward as the running app's tests move it: through the file.
let offset = 0;
function advance(ms: number) {
  offset += ms;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nudge-clock-")), "offset");
  fs.writeFileSync(file, String(offset));
  // eslint-disable-next-line no-process-env -- the server's clock moved as the running app's tests move it
  process.env.SHIPROOM_CLOCK_OFFSET_FILE = file;
}
afterEach(() => {
  offset = 0;
  // eslint-disable-next-line no-process-env -- the server's clock moved as the running app's tests move it
  delete process.env.SHIPROOM_CLOCK_OFFSET_FILE;
});

/** A release waiting in production for two ops approvals, requested by a developer. */
async function waitingInProduction(
  production: { remindAfterMinutes?: number; escalateAfterMinutes?: number } = {},
  requesterRoles: Role[] = ["DEVELOPER"],
) {
  const pipeline = await makePipeline({ production: { approvalRules: [{ role: "OPS", minCount: 2 }] } });
  await db().environment.update({ where: { id: pipeline.envs.production.id }, data: production });
  const dev = await makeActor(requesterRoles);
  const ops1 = await makeActor(["OPS"]);
  const ops2 = await makeActor(["OPS"]);
  const version = unique("v");
  await createRelease(dev, pipeline.slug, { version, commitSha: sha() });
  const inDev = await db().deployment.findFirstOrThrow({ where: { release: { version }, project: { slug: pipeline.slug } } });
  await reportDeployment(ops1, inDev.id, { status: "succeeded" });
  const staging = await requestPromotion(dev, pipeline.slug, { release: version, environment: "staging" });
  await reportDeployment(ops1, staging.id, { status: "succeeded" });
  const promotion = await requestPromotion(dev, pipeline.slug, { release: version, environment: "production" });
  expect(promotion.status).toBe("AWAITING_GATES");
  return { ...pipeline, dev, ops1, ops2, version, promotion };
}

const notifications = (member: Actor, kind: string, subjectId: string) =>
  db().notification.findMany({ where: { memberId: member.id!, kind, subjectId }, orderBy: { createdAt: "asc" } });

const candidates = async (id: string, viewer: Actor) => {
  const gate = (await getPromotion(id, viewer)).gates!.gates.find((g) => g.kind === "approvals")!;
  return gate.candidates!.flatMap((rule) => rule.members.map((m) => m.memberId));
};

describe("named approvers", () => {
  test("the approvals gate names who may still approve, with ids: not the requester, not who decided, not the deactivated", async () => {
    // The requester holds Ops too: still not named while the policy forbids approving one's own request.
    const { promotion, dev, ops1, ops2 } = await waitingInProduction({}, ["DEVELOPER", "OPS"]);
    let named = await candidates(promotion.id, ops1);
    expect(named).toEqual(expect.arrayContaining([ops1.id, ops2.id]));
    expect(named).not.toContain(dev.id);

    await approvePromotion(ops1, promotion.id, {});
    await db().member.update({ where: { id: ops2.id! }, data: { deactivatedAt: new Date() } });
    named = await candidates(promotion.id, ops1);
    expect(named).not.toContain(ops1.id);
    expect(named).not.toContain(ops2.id);
    expect(named).not.toContain(dev.id);
    const gate = (await getPromotion(promotion.id, dev)).gates!.gates.find((g) => g.kind === "approvals")!;
    expect(gate.waitingOn).toMatch(/^Ops: /);
    expect(gate.waitingOn).not.toContain(actorName(ops1.label));
    expect(gate.waitingOn).not.toContain(actorName(ops2.label));
    expect(gate.waitingOn).not.toContain(actorName(dev.label));
  });
});

describe("nudges", () => {
  test("any member nudges who may still approve: a notification each, the audit trail and the release's timeline; once an hour", async () => {
    const { promotion, dev, ops1, ops2, slug, version } = await waitingInProduction();
    const qa = await makeActor(["QA"]);
    await approvePromotion(ops1, promotion.id, {});
    const first = await nudgePromotion(qa, promotion.id);
    expect(first.nudged.map((m) => m.memberId)).toContain(ops2.id);
    expect(first.nudged.map((m) => m.memberId)).not.toContain(ops1.id); // approved already
    expect(first.nudged.map((m) => m.memberId)).not.toContain(dev.id);
    const [note] = await notifications(ops2, "approval.nudged", promotion.id);
    expect(note!.title).toBe(`${actorName(qa.label)} asks you to approve ${version} → production`);
    expect(await notifications(ops1, "approval.nudged", promotion.id)).toHaveLength(0);

    // Within the hour: refused, saying when the next is possible; nothing sent.
    advance(59 * 60_000);
    const refused = await nudgePromotion(dev, promotion.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TooManyRequests);
    expect((refused as TooManyRequests).retryAfterSeconds).toBeGreaterThan(0);
    expect((refused as Error).message).toMatch(/the next nudge is possible at \d\d:\d\d UTC \(in \d+ min\)/);
    expect(await notifications(ops2, "approval.nudged", promotion.id)).toHaveLength(1);
    // The promotion tells when the next nudge is possible, and nothing once it is.
    expect((await getPromotion(promotion.id, dev)).nextNudgeAt).toBe(first.nextNudgeAt);

    // After the hour: the requester nudges again.
    advance(2 * 60_000);
    expect((await getPromotion(promotion.id, dev)).nextNudgeAt).toBeNull();
    await nudgePromotion(dev, promotion.id);
    expect(await notifications(ops2, "approval.nudged", promotion.id)).toHaveLength(2);

    const timeline = (await getRelease(slug, version)).timeline.filter((item) => item.action === "deployment.nudged");
    expect(timeline).toHaveLength(2);
    // Everyone who may still approve is named, in name order: other tests' ops members too.
    expect(timeline[0]!.text).toMatch(/^nudged /);
    expect(timeline[0]!.text).toContain(actorName(ops2.label));
    expect(timeline[0]!.text).toContain(`to approve #${promotion.number}`);

    // Once approved, the nudges are answered (read) and no one may nudge.
    await approvePromotion(ops2, promotion.id, {});
    expect((await notifications(ops2, "approval.nudged", promotion.id)).every((n) => n.readAt !== null)).toBe(true);
    advance(2 * HOUR);
    await expect(nudgePromotion(dev, promotion.id)).rejects.toBeInstanceOf(Conflict);
  });

  test("nudges sent at once notify each approver once", async () => {
    const { promotion, dev, ops2 } = await waitingInProduction();
    const qa = await makeActor(["QA"]);
    const results = await Promise.allSettled([
      nudgePromotion(dev, promotion.id),
      nudgePromotion(qa, promotion.id),
      nudgePromotion(dev, promotion.id),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(TooManyRequests);
    expect(await notifications(ops2, "approval.nudged", promotion.id)).toHaveLength(1);
    expect(await db().auditEvent.count({ where: { action: "deployment.nudged", objectId: promotion.id } })).toBe(1);
  });

  test("API tokens may not nudge; a member may, and the card says so", async () => {
    const { promotion, ops1, dev } = await waitingInProduction();
    const token: Actor = { kind: "TOKEN", id: randomUUID(), label: "ci", roles: [], scopes: ["read", "promotions:request"] };
    await expect(nudgePromotion(token, promotion.id)).rejects.toBeInstanceOf(Forbidden);
    expect((await getPromotion(promotion.id, token)).actions.nudge).toEqual({ allowed: false, reason: "Only members nudge approvers." });
    expect((await getPromotion(promotion.id, dev)).actions.nudge.allowed).toBe(true);
    expect((await getPromotion(promotion.id, ops1)).actions.nudge.allowed).toBe(true);
  });
});

describe("reminders and escalation", () => {
  test("the policy takes remindAfter and escalateAfter as durations; anything else is a 422 naming the field", async () => {
    const { admin, slug, envs } = await waitingInProduction();
    const policy = (await listEnvironmentPolicies(slug)).find((p) => p.id === envs.production.id)!;
    const saved = await updateEnvironmentPolicy(
      admin,
      slug,
      envs.production.id,
      policyInput(policy.version, { remindAfter: "240m", escalateAfter: "1d" }),
    );
    expect(saved).toMatchObject({ remindAfter: "4h", escalateAfter: "1d" });
    const refused = await updateEnvironmentPolicy(
      admin,
      slug,
      envs.production.id,
      policyInput(saved.version, { remindAfter: "soon", escalateAfter: "31d" }),
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationFailed);
    expect((refused as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(["remindAfter", "escalateAfter"]);
  });

  test("a promotion waiting past remindAfter reminds who may still approve, again after twice that; escalation tells the admins once", async () => {
    const { promotion, ops1, ops2, admin, version } = await waitingInProduction({ remindAfterMinutes: 240, escalateAfterMinutes: 600 });
    await approvePromotion(ops1, promotion.id, {});
    const reminders = () => notifications(ops2, "approval.reminded", promotion.id);

    await remindWaiting();
    expect(await reminders()).toHaveLength(0);

    advance(4 * HOUR + 60_000);
    await remindWaiting();
    await remindWaiting(); // a second server's pass at the same time: nothing more
    expect(await reminders()).toHaveLength(1);
    expect((await reminders())[0]!.title).toMatch(new RegExp(`^Reminder: ${version} → production has waited \\d+ hours for your approval`));
    expect(await notifications(ops1, "approval.reminded", promotion.id)).toHaveLength(0); // approved already

    advance(2 * HOUR);
    await remindWaiting();
    expect(await reminders()).toHaveLength(1);

    advance(2 * HOUR);
    await Promise.all([remindWaiting(), remindWaiting()]);
    expect(await reminders()).toHaveLength(2);
    const escalations = () => notifications(admin, "approval.escalated", promotion.id);
    expect(await escalations()).toHaveLength(0);

    advance(2 * HOUR);
    await Promise.all([remindWaiting(), remindWaiting()]);
    expect(await escalations()).toHaveLength(1);
    expect((await escalations())[0]!.title).toContain("still waits for approvals after");
    expect(await db().auditEvent.count({ where: { action: "deployment.escalated", objectId: promotion.id } })).toBe(1);
    // Each reminder sent is in the audit trail with whom it reached: the second Ops member, not the one who approved.
    const remindedAudit = await db().auditEvent.findMany({ where: { action: "deployment.reminded", objectId: promotion.id } });
    expect(remindedAudit).toHaveLength(2);
    for (const event of remindedAudit) {
      const after = event.after as { remindedIds: string[]; after: string };
      expect(after.after).toBe("4h");
      expect(after.remindedIds).toContain(ops2.id);
      expect(after.remindedIds).not.toContain(ops1.id);
    }

    advance(24 * HOUR);
    await remindWaiting();
    expect(await escalations()).toHaveLength(1);
    expect(await reminders()).toHaveLength(3);

    // Decided: no more reminders, and the ones sent are answered.
    await approvePromotion(ops2, promotion.id, {});
    advance(24 * HOUR);
    await remindWaiting();
    expect(await reminders()).toHaveLength(3);
    expect((await escalations()).every((n) => n.readAt !== null)).toBe(true);
  });

  test("without remindAfter no one is reminded", async () => {
    const { promotion, ops2 } = await waitingInProduction();
    advance(30 * 24 * HOUR);
    await remindWaiting();
    expect(await notifications(ops2, "approval.reminded", promotion.id)).toHaveLength(0);
  });
});
