import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request } from "@playwright/test";
import { launch, waitForOutput } from "@/lib/tooling/processes";
import { policyInput } from "@/lib/testing/policies";
import { startReceiver } from "@/lib/testing/receiver";
import { DEMO, expect, newProject, signInOver, test } from "../fixtures";

test("a deploy hook survives a server restart between attempts: the next attempt comes from the new server, same event id", async () => {
  test.setTimeout(240_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-outbox-"));
  const port = 3122;
  const baseURL = `http://localhost:${port}`;
  // The first attempt fails; the retry waits 4 s, long enough to stop and start the server.
  const env = { SHIPROOM_DATA_DIR: dataDir, PORT: String(port), SHIPROOM_WEBHOOK_RETRY_MS: "4000", SHIPROOM_OUTBOX_POLL_MS: "200" };
  const receiver = await startReceiver([500, 200]);
  const admin = await request.newContext({ baseURL });
  const dev = await request.newContext({ baseURL });
  try {
    const first = launch(env);
    let promotionId: string;
    try {
      await waitForOutput(first, /Ready in/);
      await signInOver(admin, DEMO.admin);
      await signInOver(dev, DEMO.dev);
      const { slug } = await newProject(admin, "restart-");
      const staging = (
        (await (await admin.get(`/api/v1/projects/${slug}/environments`)).json()) as { id: string; name: string; version: number }[]
      ).find((e) => e.name === "staging")!;
      const saved = await admin.put(`/api/v1/projects/${slug}/environments/${staging.id}/policy`, {
        data: policyInput(staging.version, {
          approvalRules: [],
          deployTarget: "WEBHOOK",
          deployHookUrl: receiver.url,
          requirePreviousSuccess: false,
        }),
      });
      expect(saved.status()).toBe(200);
      await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1", commitSha: "abcdef1" } });
      const promotion = await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v1", environment: "staging" } });
      promotionId = ((await promotion.json()) as { id: string }).id;
      await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
    } finally {
      await first.stop();
    }

    const second = launch(env);
    try {
      await waitForOutput(second, /Ready in/);
      await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(2);
      expect(receiver.received[1]!.headers["shiproom-delivery"]).toBe(receiver.received[0]!.headers["shiproom-delivery"]);
      expect(receiver.received[1]!.at - receiver.received[0]!.at).toBeGreaterThanOrEqual(4000);
      await expect
        .poll(async () => ((await (await dev.get(`/api/v1/promotions/${promotionId}`)).json()) as { status: string }).status)
        .toBe("DEPLOYING");
    } finally {
      await second.stop();
    }
  } finally {
    await Promise.all([admin.dispose(), dev.dispose(), receiver.close()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.lock`, { force: true });
  }
});
