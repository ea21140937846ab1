import type { APIRequestContext } from "@playwright/test";
import { policyInput } from "@/lib/testing/policies";
import { startReceiver, type Receiver } from "@/lib/testing/receiver";
import { verifySignature } from "@/lib/webhooks/signature";
import { expect, newProject, newToken, test, tokenClient } from "../fixtures";

let receiver: Receiver;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

type Delivery = { eventId: string; eventType: string; status: string; attempts: number; attemptLog: { statusCode: number | null }[] };

async function deliveries(admin: APIRequestContext, slug: string): Promise<Delivery[]> {
  return ((await (await admin.get(`/api/v1/projects/${slug}/deliveries`)).json()) as { deliveries: Delivery[] }).deliveries;
}

test.describe("deploy hooks and event webhooks over HTTP", () => {
  test("staging deploys by webhook: a receiver that fails twice then succeeds gets one event, and the deployer reports back", async ({
    as,
    baseURL,
  }) => {
    const admin = await as("admin");
    const dev = await as("dev");
    const ops = await as("ops");
    const { slug } = await newProject(admin, "hook-");
    const policies = (await (await admin.get(`/api/v1/projects/${slug}/environments`)).json()) as {
      id: string;
      name: string;
      version: number;
    }[];
    const staging = policies.find((p) => p.name === "staging")!;
    const saved = await admin.put(`/api/v1/projects/${slug}/environments/${staging.id}/policy`, {
      data: policyInput(staging.version, { approvalRules: [], deployTarget: "WEBHOOK", deployHookUrl: receiver.url }),
    });
    expect(saved.status()).toBe(200);
    const secret = ((await saved.json()) as { deployHookSecret: string }).deployHookSecret;
    expect(secret).toMatch(/^whsec_/);

    await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.4.0", commitSha: "abc1234" } });
    const board = (await (await dev.get(`/api/v1/projects/${slug}/board`)).json()) as { columns: { inFlight: { id: string } | null }[] };
    await ops.post(`/api/v1/promotions/${board.columns[0]!.inFlight!.id}/report`, { data: { status: "succeeded" } });

    receiver.answers = [500, 502, 200];
    const before = receiver.received.length;
    const promotion = (await (
      await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v1.4.0", environment: "staging" } })
    ).json()) as {
      id: string;
      status: string;
    };
    expect(promotion.status).toBe("APPROVED");

    await expect.poll(async () => (await deliveries(admin, slug))[0]?.status, { timeout: 20_000 }).toBe("DELIVERED");
    const [delivery] = await deliveries(admin, slug);
    expect(delivery).toMatchObject({ eventType: "deployment.deploy", attempts: 3 });
    expect(delivery!.attemptLog.map((a) => a.statusCode)).toEqual([200, 502, 500]);
    const hooks = receiver.received.slice(before);
    expect(hooks.map((h) => h.headers["shiproom-delivery"])).toEqual([delivery!.eventId, delivery!.eventId, delivery!.eventId]);
    for (const hook of hooks) expect(verifySignature(secret, hook.headers["shiproom-signature"] as string, hook.body).ok).toBe(true);
    await expect
      .poll(async () => ((await (await dev.get(`/api/v1/promotions/${promotion.id}`)).json()) as { status: string }).status)
      .toBe("DEPLOYING");

    // The deployer reports back with a token that may do only that.
    const deployer = await tokenClient(baseURL!, await newToken(admin, slug, ["deployments:report"], "deployer"));
    const report = JSON.parse(hooks[0]!.body) as { data: { report: { url: string } } };
    const done = await deployer.post(new URL(report.data.report.url).pathname, {
      data: { status: "succeeded", url: "https://deploy.example/42" },
    });
    expect(done.status()).toBe(200);
    expect(await done.json()).toMatchObject({ status: "SUCCEEDED", externalUrl: "https://deploy.example/42" });
    await deployer.dispose();
  });

  test("an event webhook in Slack format tells of a new release; a test event can be sent; bad input is named", async ({ as }) => {
    const admin = await as("admin");
    const dev = await as("dev");
    const { slug } = await newProject(admin, "slack-");
    const bad = await admin.post(`/api/v1/projects/${slug}/webhooks`, { data: { name: "", url: "ftp://x", events: ["release.exploded"] } });
    expect(bad.status()).toBe(422);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(["events.0", "name", "url"]);
    expect(
      (
        await dev.post(`/api/v1/projects/${slug}/webhooks`, { data: { name: "x", url: receiver.url, events: ["release.created"] } })
      ).status(),
    ).toBe(403);

    receiver.answers = [200];
    const created = await admin.post(`/api/v1/projects/${slug}/webhooks`, {
      data: { name: "Team chat", url: receiver.url, format: "SLACK", events: ["release.created"] },
    });
    expect(created.status()).toBe(201);
    const hook = (await created.json()) as { id: string; secret: string };
    const before = receiver.received.length;
    await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v3.0.0", commitSha: "abcdef9" } });
    await expect.poll(() => receiver.received.length - before, { timeout: 10_000 }).toBe(1);
    const message = JSON.parse(receiver.received.at(-1)!.body) as { text: string };
    expect(message.text).toContain(`: Release v3.0.0 (abcdef9) registered by Dana`);

    expect((await admin.post(`/api/v1/projects/${slug}/webhooks/${hook.id}/ping`)).status()).toBe(202);
    await expect.poll(() => receiver.received.length - before, { timeout: 10_000 }).toBe(2);
    expect(receiver.received.at(-1)!.headers["shiproom-event"]).toBe("ping");
    expect(
      verifySignature(hook.secret, receiver.received.at(-1)!.headers["shiproom-signature"] as string, receiver.received.at(-1)!.body).ok,
    ).toBe(true);
  });
});
