import { randomBytes } from "node:crypto";
import { createDatabase } from "@/lib/tooling/postgres";
import { apiAs, expect, test } from "../fixtures";
import { launch, waitForOutput, withOutput } from "@/lib/tooling/processes";

test("the same build runs on PostgreSQL: migrations apply on the first start and nothing on the second", async () => {
  test.setTimeout(180_000);
  const database = await createDatabase(process.env.TEST_DATABASE_URL!, "shiproom_e2e");
  const port = 3110;
  const env = {
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(33).toString("base64"),
    PORT: String(port),
    SHIPROOM_ADMIN_EMAIL: "boss@example.test",
    SHIPROOM_ADMIN_PASSWORD: "boss password",
  };
  try {
    const first = launch(env);
    try {
      await waitForOutput(first, /Ready in/);
      expect(first.output()).toMatch(/PostgreSQL at .*: applied \d+ migration\(s\)/);
      expect(first.output()).toMatch(/created the first admin boss@example\.test/);
      expect(first.output()).not.toContain(env.AUTH_SECRET);
      const api = await apiAs(`http://localhost:${port}`, "boss@example.test", "boss password");
      const members = (await (await api.get("/api/v1/members")).json()) as { email: string; roles: string[] }[];
      expect(members).toEqual([expect.objectContaining({ email: "boss@example.test", roles: ["ADMIN"] })]);
      // Outside demo mode the sign-in page lists no demo accounts.
      expect(await (await api.get("/sign-in")).text()).not.toContain("dev@shiproom.local");
      await api.dispose();
    } catch (error) {
      throw withOutput(error, { "first start": first });
    } finally {
      await first.stop();
    }

    const second = launch(env);
    try {
      await waitForOutput(second, /Ready in/);
      expect(second.output()).toMatch(/PostgreSQL at .*: schema up to date/);
      expect(second.output()).not.toMatch(/applied \d+ migration/);
      expect(second.output()).not.toMatch(/building the app/);
      const api = await apiAs(`http://localhost:${port}`, "boss@example.test", "boss password");
      expect((await api.get("/api/v1/members")).status()).toBe(200);
      await api.dispose();
    } catch (error) {
      throw withOutput(error, { "second start": second });
    } finally {
      await second.stop();
    }
  } finally {
    await database.drop();
  }
});
