import { randomBytes } from "node:crypto";
import { request } from "@playwright/test";
import { createDatabase } from "@/lib/tooling/postgres";
import { apiAs, expect, signInContext, test } from "../fixtures";
import { launch, waitForOutput, withOutput } from "@/lib/tooling/processes";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/tooling/chromium";

test("with PostgreSQL, a change made through one server shows live in a browser on another", async ({ playwright }) => {
  test.setTimeout(180_000);
  const database = await createDatabase(process.env.TEST_DATABASE_URL!, "shiproom_live");
  const shared = {
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(33).toString("base64"),
    SHIPROOM_ADMIN_EMAIL: "boss@example.test",
    SHIPROOM_ADMIN_PASSWORD: "boss password",
  };
  // Both start at once: one applies the migrations, the other waits for it and applies none.
  const a = launch({ ...shared, PORT: "3141" });
  const b = launch({ ...shared, PORT: "3142" });
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    await Promise.all([waitForOutput(a, /Ready in/), waitForOutput(b, /Ready in/)]);
    const applied = [a.output(), b.output()].filter((output) => /applied \d+ migration/.test(output));
    expect(applied).toHaveLength(1);

    const boss = await apiAs("http://localhost:3141", "boss@example.test", "boss password");
    await boss.post("/api/v1/members", {
      data: { name: "Dee Veloper", email: "dee@example.test", roles: ["DEVELOPER"], password: "dee password" },
    });
    await boss.post("/api/v1/projects", { data: { name: "Live", slug: "live", key: "LIVE" } });

    const context = await browser.newContext({ baseURL: "http://localhost:3142" });
    await signInContext(context, "boss@example.test", "boss password");
    const page = await context.newPage();
    await page.goto("/projects/live");
    await expect(page.getByRole("region", { name: "dev" }).getByText("Nothing deployed yet")).toBeVisible();

    const dee = await apiAs("http://localhost:3141", "dee@example.test", "dee password");
    await dee.post("/api/v1/me/password", { data: { currentPassword: "dee password", newPassword: "dee's own password" } });
    expect((await dee.post("/api/v1/projects/live/releases", { data: { version: "v1.0.0", commitSha: "abc1234" } })).status()).toBe(201);
    await expect(page.getByRole("region", { name: "dev" }).getByRole("article")).toContainText("v1.0.0");
    await Promise.all([boss.dispose(), dee.dispose()]);

    // The limits on guessing are shared: failures counted by one server refuse on the other.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const api = await request.newContext({ baseURL: `http://localhost:${i % 2 ? 3142 : 3141}` });
      const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const response = await api.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: "dee@example.test", password: `guess ${i}`, callbackUrl: "/" },
        maxRedirects: 0,
      });
      statuses.push(response.status());
      await api.dispose();
    }
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
  } catch (error) {
    throw withOutput(error, { "server on 3141": a, "server on 3142": b });
  } finally {
    await browser.close();
    await Promise.all([a.stop(), b.stop()]);
    await database.drop();
  }
});
