import { randomBytes } from "node:crypto";
import { createDatabase } from "@/lib/tooling/postgres";
import { launch, waitForOutput, withOutput } from "@/lib/tooling/processes";
import { makeCallers } from "../api/callers";
import { fuzzRequests, knownWorld, runFuzz } from "../api/fuzz";
import { apiAs, expect, newProject, test } from "../fixtures";

// The same fuzz as e2e/api/fuzz.spec.ts, against PostgreSQL: its errors differ from PGlite's.
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = 20261202;

test(`fuzz on PostgreSQL: ${RUNS} generated requests, no 5xx, and refusals change nothing`, async () => {
  test.setTimeout(Math.max(300_000, RUNS * 200));
  const database = await createDatabase(process.env.TEST_DATABASE_URL!, "shiproom_fuzz");
  const server = launch({
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(33).toString("base64"),
    SHIPROOM_ADMIN_EMAIL: "boss@example.test",
    SHIPROOM_ADMIN_PASSWORD: "boss password",
    SHIPROOM_WORKERS: "1",
    PORT: "3160",
  });
  try {
    await waitForOutput(server, /Ready in/, 180_000);
    const base = "http://localhost:3160";
    const admin = await apiAs(base, "boss@example.test", "boss password");
    const project = await newProject(admin, "fuzz-");
    const callers = await makeCallers(admin, base, project.slug);
    const known = await knownWorld(admin, callers.members.DEVELOPER.api, project.slug, project.key);
    const outcome = await runFuzz(fuzzRequests(RUNS, SEED, callers.all.length, known, project.slug), callers.all, admin);
    console.log(`fuzz (PostgreSQL): ${outcome.sent} answered, by status ${JSON.stringify(outcome.byStatus)}`);
    const { serverErrors, unanswered, changedWhileRefused } = outcome;
    expect({ serverErrors: serverErrors.slice(0, 25), unanswered: unanswered.slice(0, 25), changedWhileRefused }).toEqual({
      serverErrors: [],
      unanswered: [],
      changedWhileRefused: [],
    });
    expect(outcome.sent).toBe(RUNS);
    await Promise.all([callers.dispose(), admin.dispose()]);
  } catch (error) {
    throw withOutput(error, { "server on 3160": server });
  } finally {
    await server.stop();
    await database.drop();
  }
});
