import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { updateEnvironmentPolicy } from "@/lib/environments/mutations";
import { listEnvironmentPolicies } from "@/lib/environments/queries";
import { Conflict } from "@/lib/http/errors";
import { reportDeployment, requestPromotion } from "@/lib/promotions/mutations";
import { deployHookDelivered, deployHookUndeliverable } from "@/lib/promotions/workflow";
import { createRelease } from "@/lib/releases/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { policyInput } from "@/lib/testing/policies";
import { startReceiver, type Receiver } from "@/lib/testing/receiver";
import { deliverDue } from "./dispatcher";
import { createWebhook } from "./mutations";
import { listDeliveries } from "./queries";
import { verifySignature } from "./signature";

setupTestDatabase();

const sha = () => unique("").padEnd(12, "0");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What deliveries tell promotions, as lib/server/background.ts passes it. */
const outcomes = { deployHookDelivered, deployHookUndeliverable };

/** Runs the dispatcher until nothing is pending any more (retries are 20 ms apart in tests). */
async function drain(projectId: string) {
  for (let i = 0; i < 200; i++) {
    await deliverDue(outcomes);
    if ((await db().webhookDelivery.count({ where: { projectId, status: "PENDING" } })) === 0) return;
    await sleep(15);
  }
  throw new Error("deliveries still pending");
}

/** A project whose staging deploys by webhook to `url` (no approvals), and a release that ran in dev. */
async function webhookPipeline(url: string) {
  const pipeline = await makePipeline({ staging: { approvalRules: [] } });
  const admin = await makeActor(["ADMIN"]);
  const staging = (await listEnvironmentPolicies(pipeline.slug)).find((p) => p.name === "staging")!;
  const saved = await updateEnvironmentPolicy(
    admin,
    pipeline.slug,
    staging.id,
    policyInput(staging.version, { approvalRules: [], deployTarget: "WEBHOOK", deployHookUrl: url }),
  );
  const dev = await makeActor(["DEVELOPER"]);
  const ops = await makeActor(["OPS"]);
  const version = unique("v");
  await createRelease(dev, pipeline.slug, { version, commitSha: sha() });
  const inDev = await db().deployment.findFirstOrThrow({ where: { release: { version }, environment: { name: "dev" } } });
  await reportDeployment(ops, inDev.id, { status: "succeeded" });
  return { ...pipeline, admin, dev, ops, version, secret: saved.deployHookSecret! };
}

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe("deploy hooks", () => {
  test("an approved promotion's deploy hook is POSTed signed; on 2xx the deployment is deploying until the deployer reports", async () => {
    receiver.answers = [202];
    const p = await webhookPipeline(receiver.url);
    expect(p.secret).toMatch(/^whsec_/);
    const before = receiver.received.length;
    const promotion = await requestPromotion(p.dev, p.slug, { release: p.version, environment: "staging" });
    expect(promotion.status).toBe("APPROVED");
    await drain(p.projectId);

    const [hook] = receiver.received.slice(before);
    expect(hook).toBeDefined();
    expect(hook!.headers["shiproom-event"]).toBe("deployment.deploy");
    expect(verifySignature(p.secret, hook!.headers["shiproom-signature"] as string, hook!.body)).toEqual({ ok: true });
    expect(verifySignature("whsec_wrong", hook!.headers["shiproom-signature"] as string, hook!.body).ok).toBe(false);
    const payload = JSON.parse(hook!.body) as { id: string; data: { promotion: { id: string }; report: { url: string } } };
    expect(payload.id).toBe(hook!.headers["shiproom-delivery"]);
    expect(payload.data.promotion.id).toBe(promotion.id);
    expect(payload.data.report.url).toContain(`/api/v1/promotions/${promotion.id}/report`);

    const deployment = await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } });
    expect(deployment.status).toBe("DEPLOYING");
    const started = await db().auditEvent.findFirst({ where: { objectId: promotion.id, action: "deployment.started" } });
    expect(started).toMatchObject({ actorKind: "AUTOMATION" });
    expect(started!.reason).toContain(payload.id);
    expect((await reportDeployment(p.ops, promotion.id, { status: "succeeded" })).status).toBe("SUCCEEDED");
  });

  test("a receiver that fails twice then succeeds gets the same event id three times, with backoff", async () => {
    receiver.answers = [500, 503, 200];
    const p = await webhookPipeline(receiver.url);
    const before = receiver.received.length;
    const promotion = await requestPromotion(p.dev, p.slug, { release: p.version, environment: "staging" });
    await drain(p.projectId);

    const tries = receiver.received.slice(before);
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((t) => t.headers["shiproom-delivery"])).size).toBe(1);
    // Never early: each retry starts at least base, then 2 × base, after the attempt before it
    // ended, as the dispatcher recorded them. (However slow the machine, a gap only grows; the
    // dispatcher may make several attempts in one pass when a retry is due before it looks again.)
    const base = env().webhooks.retryBaseMs;
    const attempts = await db().webhookAttempt.findMany({ where: { delivery: { projectId: p.projectId } }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => a.statusCode)).toEqual([500, 503, 200]);
    [base, 2 * base].forEach((wait, i) => {
      const ended = attempts[i]!.startedAt.getTime() + attempts[i]!.durationMs;
      expect(attempts[i + 1]!.startedAt.getTime() - ended).toBeGreaterThanOrEqual(wait - 1);
    });
    const { deliveries } = await listDeliveries(p.admin, p.slug);
    expect(deliveries[0]).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatusCode: 200, target: "deploy hook of staging" });
    expect(deliveries[0]!.attemptLog.map((a) => a.statusCode)).toEqual([200, 503, 500]);
    expect((await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } })).status).toBe("DEPLOYING");
  });

  test("a deploy hook nobody receives fails the deployment after the last attempt, freeing the environment", async () => {
    receiver.answers = [503];
    const p = await webhookPipeline(receiver.url);
    const promotion = await requestPromotion(p.dev, p.slug, { release: p.version, environment: "staging" });
    await drain(p.projectId);
    const deployment = await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } });
    expect(deployment.status).toBe("FAILED");
    expect(deployment.statusMessage).toMatch(/could not be delivered after 3 attempts \(last: HTTP 503\)/);
    const { deliveries } = await listDeliveries(p.admin, p.slug, { status: "FAILED" });
    expect(deliveries[0]).toMatchObject({ attempts: 3, lastError: "HTTP 503" });
  });

  test("the secret is shown once: later saves keep it and never return it", async () => {
    receiver.answers = [200];
    const p = await webhookPipeline(receiver.url);
    const staging = (await listEnvironmentPolicies(p.slug)).find((e) => e.name === "staging")!;
    expect(staging.deployHook).toEqual({ url: receiver.url, secretPrefix: p.secret.slice(0, 12) });
    const again = await updateEnvironmentPolicy(
      p.admin,
      p.slug,
      staging.id,
      policyInput(staging.version, { approvalRules: [], deployTarget: "WEBHOOK", deployHookUrl: `${receiver.url}?v=2` }),
    );
    expect(again.deployHookSecret).toBeUndefined();
    expect(again.deployHook).toEqual({ url: `${receiver.url}?v=2`, secretPrefix: p.secret.slice(0, 12) });
    const stored = JSON.stringify((await db().environment.findUniqueOrThrow({ where: { id: staging.id } })).deployConfig);
    expect(stored).not.toContain(p.secret.slice(6));
  });
});

describe("event webhooks", () => {
  async function hookedProject(events: string[], format: "JSON" | "SLACK" = "JSON") {
    const pipeline = await makePipeline();
    const admin = await makeActor(["ADMIN"]);
    const hook = await createWebhook(admin, pipeline.slug, { name: "Team chat", url: receiver.url, format, events });
    return { ...pipeline, admin, hook };
  }

  test("subscribers get the events they chose, signed, and nothing else", async () => {
    receiver.answers = [200];
    const p = await hookedProject(["release.created", "deployment.succeeded"]);
    const dev: Actor = await makeActor(["DEVELOPER"]);
    const ops: Actor = await makeActor(["OPS"]);
    const before = receiver.received.length;
    const version = unique("v");
    await createRelease(dev, p.slug, { version, commitSha: sha() });
    const inDev = await db().deployment.findFirstOrThrow({ where: { release: { version }, environment: { name: "dev" } } });
    await reportDeployment(ops, inDev.id, { status: "succeeded" });
    await drain(p.projectId);
    // Deliveries are concurrent, so they may arrive in any order: receivers order by createdAt.
    const got = receiver.received
      .slice(before)
      .sort((a, b) => String(a.headers["shiproom-event"]).localeCompare(String(b.headers["shiproom-event"])));
    expect(got.map((r) => r.headers["shiproom-event"])).toEqual(["deployment.succeeded", "release.created"]);
    for (const r of got) expect(verifySignature(p.hook.secret, r.headers["shiproom-signature"] as string, r.body).ok).toBe(true);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ type: "deployment.succeeded", summary: `${version} now runs in dev` });
  });

  test("a Slack webhook gets a Slack message", async () => {
    receiver.answers = [200];
    const p = await hookedProject(["release.created"], "SLACK");
    const before = receiver.received.length;
    const version = unique("v");
    await createRelease(await makeActor(["DEVELOPER"]), p.slug, { version, commitSha: "abcdef1234" });
    await drain(p.projectId);
    const body = JSON.parse(receiver.received.slice(before)[0]!.body) as { text: string; blocks: unknown[] };
    expect(body.text).toContain(`Release ${version} (abcdef1) registered by`);
    expect(body.blocks).toHaveLength(2);
  });

  test("a change that is refused announces nothing", async () => {
    const p = await hookedProject(["release.created"]);
    const dev = await makeActor(["DEVELOPER"]);
    await createRelease(dev, p.slug, { version: "v1", commitSha: sha() });
    await expect(createRelease(dev, p.slug, { version: "v1", commitSha: sha() })).rejects.toBeInstanceOf(Conflict);
    expect(await db().webhookDelivery.count({ where: { projectId: p.projectId } })).toBe(1);
    await drain(p.projectId);
  });

  test("two dispatchers at once send each delivery exactly once", async () => {
    receiver.answers = [200];
    const p = await hookedProject(["release.created"]);
    const dev = await makeActor(["DEVELOPER"]);
    for (let i = 0; i < 12; i++) await createRelease(dev, p.slug, { version: `v${i}`, commitSha: sha() });
    const before = receiver.received.length;
    await Promise.all([deliverDue(outcomes), deliverDue(outcomes), deliverDue(outcomes)]);
    await drain(p.projectId);
    const ids = receiver.received.slice(before).map((r) => r.headers["shiproom-delivery"]);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });
});
