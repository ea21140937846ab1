import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request } from "@playwright/test";
import { DEMO, expect, signInOver, test, unique } from "../fixtures";
import { launch, waitForOutput } from "@/lib/tooling/processes";

test("the embedded demo keeps its data and its sessions across a restart", async () => {
  test.setTimeout(180_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-restart-"));
  const port = 3120;
  const baseURL = `http://localhost:${port}`;
  const env = { SHIPROOM_DATA_DIR: dataDir, PORT: String(port) };
  const api = await request.newContext({ baseURL });
  const email = `${unique("kept-")}@example.test`;
  try {
    const first = launch(env);
    try {
      await waitForOutput(first, /Ready in/);
      expect(first.output()).toMatch(/applied \d+ migration/);
      expect(first.output()).toMatch(/seeded the demo team/);
      await signInOver(api, DEMO.admin);
      expect((await api.post("/api/v1/members", { data: { name: "Kept", email, roles: ["QA"] } })).status()).toBe(201);
    } finally {
      await first.stop();
    }

    // Second start, now with GitHub sign-in configured.
    const second = launch({ ...env, AUTH_GITHUB_ID: "gh-client", AUTH_GITHUB_SECRET: "gh-secret" });
    try {
      await waitForOutput(second, /Ready in/);
      expect(second.output()).toMatch(/schema up to date/);
      expect(second.output()).not.toMatch(/seeded/);
      // The cookie from before the restart still opens the session.
      const members = (await (await api.get("/api/v1/members")).json()) as { email: string }[];
      expect(members.map((m) => m.email)).toContain(email);
      const signInPage = await (await request.newContext({ baseURL })).get("/sign-in");
      expect(await signInPage.text()).toMatch(/Continue with (<!-- -->)?GitHub/);
    } finally {
      await second.stop();
    }
  } finally {
    await api.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.lock`, { force: true });
  }
});
