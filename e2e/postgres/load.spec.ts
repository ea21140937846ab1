import { randomBytes } from "node:crypto";
import { createDatabase } from "@/lib/tooling/postgres";
import { probe } from "@/lib/tooling/load-probe";
import { launch, waitForOutput, withOutput } from "@/lib/tooling/processes";
import { apiAs, expect, test } from "../fixtures";

test("fifty clients for thirty seconds against two server processes on PostgreSQL: every request is answered", async () => {
  test.setTimeout(240_000);
  const database = await createDatabase(process.env.TEST_DATABASE_URL!, "shiproom_load");
  const server = launch({
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(33).toString("base64"),
    SHIPROOM_ADMIN_EMAIL: "boss@example.test",
    SHIPROOM_ADMIN_PASSWORD: "boss password",
    SHIPROOM_WORKERS: "2",
    PORT: "3150",
  });
  try {
    await waitForOutput(server, /Ready in[\s\S]*Ready in/, 180_000);
    const boss = await apiAs("http://localhost:3150", "boss@example.test", "boss password");
    expect((await boss.post("/api/v1/projects", { data: { name: "Load", slug: "load", key: "LOAD" } })).status()).toBe(201);
    const made = await boss.post("/api/v1/projects/load/tokens", { data: { name: "ci", scopes: ["read", "releases:write"] } });
    const auth = { authorization: `Bearer ${((await made.json()) as { secret: string }).secret}` };
    await boss.dispose();

    // Reads, registrations and pages, each client on its own keep-alive connection.
    const result = await probe({
      baseUrl: "http://localhost:3150",
      clients: 50,
      seconds: 30,
      pick: (client, n) =>
        n % 4 === 3
          ? {
              method: "POST",
              path: "/api/v1/projects/load/releases",
              headers: auth,
              body: () => JSON.stringify({ version: `v${client}.${n}.${randomBytes(3).toString("hex")}`, commitSha: "abcdef1" }),
            }
          : { method: "GET", path: n % 2 ? "/api/v1/projects/load/board" : "/sign-in", headers: auth },
    });
    // A figure for the log (not an assertion): how many, and how each was answered.
    console.log(
      `load (PostgreSQL, 2 processes): ${result.requests} requests from 50 clients in 30 s, answered by status ${JSON.stringify(result.answered)}, unanswered ${JSON.stringify(result.unanswered)}`,
    );
    expect(result.requests).toBeGreaterThan(300);
    expect(result.unanswered).toEqual({});
    expect(result.refusedWithoutRetryAfter).toBe(0);
    expect(Object.keys(result.answered).filter((status) => Number(status) >= 500 && status !== "503")).toEqual([]);
  } catch (error) {
    throw withOutput(error, { "server on 3150": server });
  } finally {
    await server.stop();
    await database.drop();
  }
});
