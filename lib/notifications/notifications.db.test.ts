import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { NotFound } from "@/lib/http/errors";
import { approvePromotion, rejectPromotion, reportDeployment, requestPromotion } from "@/lib/promotions/mutations";
import { settleAfterSignOff } from "@/lib/promotions/workflow";
import { createRelease } from "@/lib/releases/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { createCase } from "@/lib/test-cases/mutations";
import { createRun, recordResult, signOffRun } from "@/lib/test-runs/mutations";
import { markAllNotificationsRead, markNotificationRead } from "./mutations";
import { listNotifications } from "./queries";

setupTestDatabase();

const kinds = async (memberId: string) => (await listNotifications(memberId)).items.map((n) => n.kind);

/** A release through dev and staging, ready to be requested into production. */
async function releasedToStaging(policies: Parameters<typeof makePipeline>[0]) {
  const pipeline = await makePipeline(policies);
  const dev = await makeActor(["DEVELOPER"]);
  const deployer = await makeActor(["OPS"]);
  await createRelease(dev, pipeline.slug, { version: "v1.4.0", commitSha: "abcdef1" });
  const inDev = await db().deployment.findFirstOrThrow({ where: { environmentId: pipeline.envs.dev.id } });
  await reportDeployment(deployer, inDev.id, { status: "succeeded" });
  const staging = await requestPromotion(dev, pipeline.slug, { release: "v1.4.0", environment: "staging" });
  await reportDeployment(deployer, staging.id, { status: "succeeded" });
  return { ...pipeline, dev, deployer };
}

describe("notifications", () => {
  test("a developer requests production: both Ops members are told an approval waits, the requester is not", async () => {
    const { slug, dev, deployer } = await releasedToStaging({ production: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const [olive, oscar, qa] = [await makeActor(["OPS"]), await makeActor(["OPS"]), await makeActor(["QA"])];
    const before = await listNotifications(dev.id!);

    const promotion = await requestPromotion(dev, slug, { release: "v1.4.0", environment: "production" });
    expect(promotion.status).toBe("AWAITING_GATES");

    for (const ops of [olive, oscar, deployer]) {
      const mine = await listNotifications(ops.id!);
      expect(mine.unread).toBe(1);
      expect(mine.items[0]).toMatchObject({
        kind: "approval.waiting",
        title: expect.stringContaining("v1.4.0 → production waits for your approval") as string,
        // The card on the board, where Approve is: the release's page has no Approve (a newcomer found).
        link: `/projects/${slug}#promotion-${promotion.number}`,
        readAt: null,
      });
    }
    expect(await kinds(qa.id!)).toEqual([]);
    expect((await listNotifications(dev.id!)).total).toBe(before.total);
  });

  test("a request to approve is done once answered: the approver's at their approval, everyone's once the promotion is decided", async () => {
    const { slug, dev, deployer } = await releasedToStaging({ production: { approvalRules: [{ role: "OPS", minCount: 2 }] } });
    const [olive, oscar] = [await makeActor(["OPS"]), await makeActor(["OPS"])];
    const promotion = await requestPromotion(dev, slug, { release: "v1.4.0", environment: "production" });
    const waiting = async (memberId: string) =>
      (await listNotifications(memberId)).items.filter((n) => n.kind === "approval.waiting" && n.readAt === null).length;
    expect([await waiting(olive.id!), await waiting(oscar.id!), await waiting(deployer.id!)]).toEqual([1, 1, 1]);

    await approvePromotion(olive, promotion.id, {});
    expect([await waiting(olive.id!), await waiting(oscar.id!), await waiting(deployer.id!)]).toEqual([0, 1, 1]);
    expect((await listNotifications(olive.id!)).unread).toBe(0);

    await approvePromotion(oscar, promotion.id, {});
    expect([await waiting(oscar.id!), await waiting(deployer.id!)]).toEqual([0, 0]);
    expect((await listNotifications(deployer.id!)).unread).toBe(0);
  });

  test("a request to approve a promotion that was superseded or rejected is done", async () => {
    const { slug, dev, deployer } = await releasedToStaging({ production: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const olive = await makeActor(["OPS"]);
    const first = await requestPromotion(dev, slug, { release: "v1.4.0", environment: "production" });
    expect((await listNotifications(olive.id!)).unread).toBe(1);
    // A newer release replaces the waiting request: the old ask is done, the new one waits.
    await createRelease(dev, slug, { version: "v1.5.0", commitSha: "abcdef2" });
    for (const env of ["dev", "staging"]) {
      const promotion =
        env === "dev"
          ? await db().deployment.findFirstOrThrow({
              where: { release: { version: "v1.5.0" }, environment: { name: "dev" }, project: { slug } },
            })
          : await requestPromotion(dev, slug, { release: "v1.5.0", environment: "staging" });
      await reportDeployment(deployer, promotion.id, { status: "succeeded" });
    }
    const second = await requestPromotion(dev, slug, { release: "v1.5.0", environment: "production" });
    expect((await db().deployment.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("SUPERSEDED");
    const items = (await listNotifications(olive.id!)).items;
    expect(items.map((n) => [n.title.split(" waits")[0], n.readAt === null])).toEqual([
      ["v1.5.0 → production", true],
      ["v1.4.0 → production", false],
    ]);
    await rejectPromotion(deployer, second.id, { comment: "not today" });
    expect((await listNotifications(olive.id!)).unread).toBe(0);
  });

  test("a rejection tells the requester who rejected it; the one who rejected hears nothing of it", async () => {
    const { slug, dev } = await releasedToStaging({ production: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const ops = await makeActor(["OPS"]);
    const promotion = await requestPromotion(dev, slug, { release: "v1.4.0", environment: "production" });
    const opsBefore = await listNotifications(ops.id!);

    await rejectPromotion(ops, promotion.id, { comment: "Not during the sale" });

    const mine = await listNotifications(dev.id!);
    expect(mine.items[0]).toMatchObject({ kind: "promotion.decided", link: `/projects/${slug}/releases/v1.4.0` });
    expect(mine.items[0]!.title).toMatch(/^v1\.4\.0 → production was rejected by Member \w+: Not during the sale$/);
    expect((await listNotifications(ops.id!)).total).toBe(opsBefore.total);
  });

  test("nobody is told of their own action: ops requesting and approving hear nothing; the developer's approved request is told", async () => {
    const { slug, dev } = await releasedToStaging({ production: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const [olive, oscar] = [await makeActor(["OPS"]), await makeActor(["OPS"])];
    // Olive requests: the other ops are told, Olive is not.
    const promotion = await requestPromotion(olive, slug, { release: "v1.4.0", environment: "production" });
    expect(await kinds(olive.id!)).toEqual([]);
    expect(await kinds(oscar.id!)).toEqual(["approval.waiting"]);
    // Oscar approves Olive's request: Olive hears it was approved, Oscar hears nothing new.
    await approvePromotion(oscar, promotion.id, {});
    expect(await kinds(oscar.id!)).toEqual(["approval.waiting"]);
    const olives = await listNotifications(olive.id!);
    expect(olives.items.map((n) => n.kind)).toEqual(["promotion.decided"]);
    expect(olives.items[0]!.title).toMatch(/was approved: every gate passed, after a step by Member/);
    expect(await kinds(dev.id!)).toEqual([]);
  });

  test("QA is told a sign-off is needed, and when a later change voids their sign-off", async () => {
    const { slug, dev } = await releasedToStaging({ production: { approvalRules: [], signOffIn: "staging" } });
    const [qa, otherQa] = [await makeActor(["QA"]), await makeActor(["QA"])];
    await createCase(qa, slug, { title: "Checkout works" });
    const run = await createRun(qa, slug, { release: "v1.4.0", environment: "staging", all: true });
    const result = await db().testResult.findFirstOrThrow({ where: { runId: run.id } });
    await recordResult(qa, run.id, result.id, { status: "PASSED" });
    await requestPromotion(dev, slug, { release: "v1.4.0", environment: "production" });
    expect(await kinds(qa.id!)).toEqual(["signoff.needed"]);
    expect(await kinds(otherQa.id!)).toEqual(["signoff.needed"]);

    await signOffRun(qa, run.id, { decision: "SIGNED_OFF", comment: "Good to go", waivers: [] }, settleAfterSignOff);
    expect((await listNotifications(qa.id!)).total).toBe(1);
    expect(await kinds(dev.id!)).toEqual(["promotion.decided"]);

    // Another QA member finds the case failing: the sign-off is void.
    await recordResult(otherQa, run.id, result.id, { status: "FAILED" });
    const mine = await listNotifications(qa.id!);
    expect(mine.items[0]).toMatchObject({ kind: "signoff.voided", link: `/projects/${slug}/runs/${run.id}` });
    expect(mine.items[0]!.title).toMatch(
      /^Your sign-off of run #\d+ \(v1\.4\.0 in staging\) was voided: \S+ changed from passed to failed by Member/,
    );
    expect(await kinds(otherQa.id!)).toEqual(["signoff.needed"]);
  });

  test("QA's ask is done once QA signs off, while the promotion still waits for Ops; Ops' asks stay", async () => {
    const { slug, dev, deployer } = await releasedToStaging({
      production: { approvalRules: [{ role: "OPS", minCount: 1 }], signOffIn: "staging" },
    });
    const qa = await makeActor(["QA"]);
    await createCase(qa, slug, { title: "Checkout works" });
    const run = await createRun(qa, slug, { release: "v1.4.0", environment: "staging", all: true });
    const result = await db().testResult.findFirstOrThrow({ where: { runId: run.id } });
    await recordResult(qa, run.id, result.id, { status: "PASSED" });
    const promotion = await requestPromotion(dev, slug, { release: "v1.4.0", environment: "production" });
    const unread = async (memberId: string) =>
      (await listNotifications(memberId)).items.filter((n) => n.readAt === null).map((n) => n.kind);
    expect(await unread(qa.id!)).toEqual(["signoff.needed"]);

    await signOffRun(qa, run.id, { decision: "SIGNED_OFF", comment: "Good to go", waivers: [] }, settleAfterSignOff);
    expect((await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } })).status).toBe("AWAITING_GATES");
    expect(await unread(qa.id!)).toEqual([]);
    expect(await unread(deployer.id!)).toEqual(["approval.waiting"]);
  });

  test("a newer release replacing the requester's tells them nothing; a rollback taking it out does", async () => {
    const { slug, dev, deployer, envs } = await releasedToStaging({});
    const before = await kinds(dev.id!);
    await createRelease(dev, slug, { version: "v1.5.0", commitSha: "abcdef2" });
    const inDev = await db().deployment.findFirstOrThrow({ where: { environmentId: envs.dev.id, release: { version: "v1.5.0" } } });
    await reportDeployment(deployer, inDev.id, { status: "succeeded" });
    const staging = await requestPromotion(dev, slug, { release: "v1.5.0", environment: "staging" });
    await reportDeployment(deployer, staging.id, { status: "succeeded" });
    // v1.4.0 in staging, which the developer asked for, is superseded: the everyday course, not news.
    expect(await kinds(dev.id!)).toEqual(before);

    const rollback = await requestPromotion(deployer, slug, {
      release: "v1.4.0",
      environment: "staging",
      rollback: true,
      reason: "errors",
    });
    await reportDeployment(deployer, rollback.id, { status: "succeeded" });
    const mine = await listNotifications(dev.id!);
    expect(mine.items[0]!.title).toMatch(/^v1\.5\.0 in staging was rolled back to v1\.4\.0 by Member/);
    expect(mine.total).toBe(before.length + 1);
  });

  test("marking read: one, then all; unread filters; another member's notification is not found", async () => {
    const { slug, dev } = await releasedToStaging({ production: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const ops = await makeActor(["OPS"]);
    const stranger = await makeActor(["OPS"]);
    await requestPromotion(dev, slug, { release: "v1.4.0", environment: "production" });
    const [notification] = (await listNotifications(ops.id!)).items;

    await expect(markNotificationRead(dev.id!, notification!.id)).rejects.toBeInstanceOf(NotFound);
    await expect(markNotificationRead(ops.id!, "not-a-uuid")).rejects.toBeInstanceOf(NotFound);
    expect((await listNotifications(ops.id!)).unread).toBe(1);

    const read = await markNotificationRead(ops.id!, notification!.id);
    expect(read.id).toBe(notification!.id);
    // Marking again changes nothing.
    expect((await markNotificationRead(ops.id!, notification!.id)).readAt).toBe(read.readAt);
    expect(await listNotifications(ops.id!)).toMatchObject({ unread: 0, total: 1 });
    expect((await listNotifications(ops.id!, { unread: true })).items).toEqual([]);

    expect((await listNotifications(stranger.id!)).unread).toBe(1);
    expect(await markAllNotificationsRead(stranger.id!)).toEqual({ marked: 1 });
    expect(await markAllNotificationsRead(stranger.id!)).toEqual({ marked: 0 });
    expect((await listNotifications(stranger.id!)).unread).toBe(0);
  });
});
