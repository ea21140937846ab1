import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import type { CaseKind, ResultStatus } from "@/lib/generated/prisma/enums";
import type { AppError } from "@/lib/http/errors";
import { makePipeline } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { getTestHealth } from "./test-health";

setupTestDatabase();

const at = (day: string, time = "00:00") => new Date(`2026-${day}T${time}:00Z`);
const NOW = at("11-01");

/**
 * A test history written by hand (2026, UTC; the period is the 30 days to 11-01, so from 10-02).
 * Runs in staging unless said; P passed, F failed, B blocked, S skipped, U untested, ms durations:
 *   R0 v0 09-10 (previous period)  A P 50ms · C P
 *   R1 v1 10-05                    A P 100 · C F · F P · G F
 *   R7 v1 10-05, dev               C P, after failing in the same run (its history: F then P)
 *   R2 v2 10-10                    A F 200 · B P 900, marked flaky by its import · C F · D F 10:00 · F F 12:00 · G P
 *   R3 v3 10-15 01:00              A P 300 · B F 1500 · C F · D F · F F · G F
 *   R4 v3 10-15 05:00              B P 1100 (v3 in staging: B failed and passed — flaky)
 *   R5 v4 10-20                    A F 400 · B P 1000 · C B · D F
 *   R6 v5 10-25                    A P 500 · C U · D F · E F (E archived) · F S
 * A, B and G are automated, the rest manual.
 */
async function history() {
  const { projectId, slug, envs } = await makePipeline();
  const { key } = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { key: true } });
  const cases: Record<string, string> = {};
  let caseNumber = 0;
  for (const [name, kind] of [
    ["A", "AUTOMATED"],
    ["B", "AUTOMATED"],
    ["C", "MANUAL"],
    ["D", "MANUAL"],
    ["E", "MANUAL"],
    ["F", "MANUAL"],
    ["G", "AUTOMATED"],
  ] as [string, CaseKind][]) {
    const created = await db().testCase.create({
      data: { projectId, number: ++caseNumber, title: `Case ${name}`, kind, archivedAt: name === "E" ? at("10-28") : null },
    });
    cases[name] = created.id;
  }
  const releases: Record<string, string> = {};
  for (const [version, day] of [
    ["v0", "09-09"],
    ["v1", "10-04"],
    ["v2", "10-09"],
    ["v3", "10-14"],
    ["v4", "10-19"],
    ["v5", "10-24"],
  ] as const) {
    releases[version] = (await db().release.create({ data: { projectId, version, commitSha: "abcdef1", createdAt: at(day) } })).id;
  }
  let runNumber = 0;
  const run = async (version: string, createdAt: Date, environmentId = envs.staging.id) =>
    (
      await db().testRun.create({
        data: { projectId, number: ++runNumber, releaseId: releases[version]!, environmentId, name: `Run ${runNumber}`, createdAt },
      })
    ).id;
  const result = async (
    runId: string,
    name: string,
    status: ResultStatus,
    options: { ms?: number; at?: Date; flaky?: boolean; history?: ResultStatus[] } = {},
  ) => {
    const row = await db().testResult.create({
      data: {
        runId,
        caseId: cases[name]!,
        caseRevision: 1,
        status,
        source: "IMPORT",
        flaky: options.flaky ?? false,
        durationMs: options.ms ?? null,
        executedAt: status === "UNTESTED" ? null : (options.at ?? null),
      },
    });
    for (const [i, event] of (options.history ?? [status]).entries())
      await db().testResultEvent.create({
        data: {
          resultId: row.id,
          status: event,
          source: "IMPORT",
          actorKind: "TOKEN",
          createdAt: new Date((options.at ?? NOW).getTime() + i),
        },
      });
  };

  const r0 = await run("v0", at("09-10"));
  await result(r0, "A", "PASSED", { ms: 50, at: at("09-10", "01:00") });
  await result(r0, "C", "PASSED", { at: at("09-10", "01:00") });
  const r1 = await run("v1", at("10-05", "01:00"));
  await result(r1, "A", "PASSED", { ms: 100, at: at("10-05", "02:00") });
  await result(r1, "C", "FAILED", { at: at("10-05", "02:00") });
  await result(r1, "F", "PASSED", { at: at("10-05", "02:00") });
  await result(r1, "G", "FAILED", { at: at("10-05", "02:00") });
  const r7 = await run("v1", at("10-05", "02:00"), envs.dev.id);
  await result(r7, "C", "PASSED", { at: at("10-05", "04:00"), history: ["FAILED", "PASSED"] });
  const r2 = await run("v2", at("10-10", "01:00"));
  await result(r2, "A", "FAILED", { ms: 200, at: at("10-10", "02:00") });
  await result(r2, "B", "PASSED", { ms: 900, at: at("10-10", "02:00"), flaky: true });
  await result(r2, "C", "FAILED", { at: at("10-10", "02:00") });
  await result(r2, "D", "FAILED", { at: at("10-10", "10:00") });
  await result(r2, "F", "FAILED", { at: at("10-10", "12:00") });
  await result(r2, "G", "PASSED", { at: at("10-10", "02:00") });
  const r3 = await run("v3", at("10-15", "01:00"));
  await result(r3, "A", "PASSED", { ms: 300, at: at("10-15", "02:00") });
  await result(r3, "B", "FAILED", { ms: 1500, at: at("10-15", "02:00") });
  await result(r3, "C", "FAILED", { at: at("10-15", "02:00") });
  await result(r3, "D", "FAILED", { at: at("10-15", "02:00") });
  await result(r3, "F", "FAILED", { at: at("10-15", "02:00") });
  await result(r3, "G", "FAILED", { at: at("10-15", "03:00") });
  const r4 = await run("v3", at("10-15", "05:00"));
  await result(r4, "B", "PASSED", { ms: 1100, at: at("10-15", "06:00") });
  const r5 = await run("v4", at("10-20", "01:00"));
  await result(r5, "A", "FAILED", { ms: 400, at: at("10-20", "02:00") });
  await result(r5, "B", "PASSED", { ms: 1000, at: at("10-20", "02:00") });
  await result(r5, "C", "BLOCKED", { at: at("10-20", "02:00") });
  await result(r5, "D", "FAILED", { at: at("10-20", "02:00") });
  const r6 = await run("v5", at("10-25", "01:00"));
  await result(r6, "A", "PASSED", { ms: 500, at: at("10-25", "02:00") });
  await result(r6, "C", "UNTESTED");
  await result(r6, "D", "FAILED", { at: at("10-25", "02:00") });
  await result(r6, "E", "FAILED", { at: at("10-25", "02:00") });
  await result(r6, "F", "SKIPPED", { at: at("10-25", "02:00") });
  return { slug, key: key!, keyOf: (name: string) => `${key}-${"ABCDEFG".indexOf(name) + 1}` };
}

describe("test health, on a history whose right values are worked out by hand", () => {
  test("pass rate per run, flaky, unstable, slowest and failing longest, across environments", async () => {
    const { slug, keyOf } = await history();
    const health = await getTestHealth(slug, { period: "30d" }, NOW);
    expect(health.environment).toBeNull();
    expect(health.from).toBe(at("10-02").toISOString());

    // passed ÷ (passed + failed + blocked); R0 is before the period.
    expect(health.runs.map((run) => [run.number, run.version, run.environment, run.passRate])).toEqual([
      [2, "v1", "staging", 2 / 4], // A F | C G
      [3, "v1", "dev", 1],
      [4, "v2", "staging", 2 / 6], // B G | A C D F
      [5, "v3", "staging", 1 / 6], // A | B C D F G
      [6, "v3", "staging", 1],
      [7, "v4", "staging", 1 / 4], // B | A D, C blocked
      [8, "v5", "staging", 1 / 3], // A | D E, F skipped and C untested count for nothing
    ]);
    expect(health.runs.at(-1)).toMatchObject({ passed: 1, failed: 2, blocked: 0, skipped: 1, untested: 1 });

    // B: flaky on v2 (its import said so) and on v3 (failed in one run, passed in the next), of v2, v3, v4.
    // C: flaky on v1 in dev (failed, then passed in the same run), of v1 dev and v1, v2, v3 in staging.
    expect(health.flaky).toEqual([
      { key: keyOf("B"), title: "Case B", flaky: 2, ran: 3, lastFlakyAt: at("10-15", "06:00").toISOString() },
      { key: keyOf("C"), title: "Case C", flaky: 1, ran: 4, lastFlakyAt: at("10-05", "04:00").toISOString() },
    ]);

    // A: P F P F P (4 flips). G: F P F (2). F: P F (1, not unstable). B's flaky releases are left out.
    expect(health.unstable).toEqual([
      { key: keyOf("A"), title: "Case A", flips: 4, releases: 5, environment: "staging", last: "passed" },
      { key: keyOf("G"), title: "Case G", flips: 2, releases: 3, environment: "staging", last: "failed" },
    ]);

    // Automated only: B's median of 900, 1500, 1100, 1000 is 1050; A's of 100…500 is 300, 50 before.
    expect(health.slowest).toEqual([
      { key: keyOf("B"), title: "Case B", medianMs: 1050, previousMedianMs: null, results: 4 },
      { key: keyOf("A"), title: "Case A", medianMs: 300, previousMedianMs: 50, results: 5 },
    ]);

    // C last passed on v0 (before the period): failing since v1. Blocked and untested decide nothing;
    // E is archived; A, B and C in dev passed last.
    expect(health.failingLongest).toEqual([
      { key: keyOf("C"), title: "Case C", since: at("10-05", "02:00").toISOString(), releases: 3, environment: "staging", version: "v3" },
      { key: keyOf("D"), title: "Case D", since: at("10-10", "10:00").toISOString(), releases: 4, environment: "staging", version: "v5" },
      { key: keyOf("F"), title: "Case F", since: at("10-10", "12:00").toISOString(), releases: 2, environment: "staging", version: "v3" },
      { key: keyOf("G"), title: "Case G", since: at("10-15", "03:00").toISOString(), releases: 1, environment: "staging", version: "v3" },
    ]);

    // An archived case is in no list: B (flaky, slowest) and G (unstable, failing) once archived.
    const archived = [keyOf("B"), keyOf("G")];
    await db().testCase.updateMany({
      where: { project: { slug }, number: { in: archived.map((k) => Number(k.split("-").at(-1))) } },
      data: { archivedAt: NOW },
    });
    const after = await getTestHealth(slug, { period: "30d" }, NOW);
    for (const list of [after.flaky, after.unstable, after.slowest, after.failingLongest])
      expect(list.map((c) => c.key).filter((k) => archived.includes(k))).toEqual([]);
    expect(after.flaky.map((c) => c.key)).toEqual([keyOf("C")]);
    expect(after.unstable.map((c) => c.key)).toEqual([keyOf("A")]);
  });

  test("one environment, by name in any case; an unknown one is named", async () => {
    const { slug, keyOf } = await history();
    const dev = await getTestHealth(slug, { period: "30d", environment: "DEV" }, NOW);
    expect(dev.environment).toBe("dev");
    expect(dev.runs.map((run) => [run.number, run.passRate])).toEqual([[3, 1]]);
    expect(dev.flaky.map((c) => [c.key, c.flaky, c.ran])).toEqual([[keyOf("C"), 1, 1]]);
    expect([dev.unstable, dev.slowest, dev.failingLongest]).toEqual([[], [], []]);

    const error = (await getTestHealth(slug, { environment: "qa" }, NOW).catch((e: unknown) => e)) as AppError;
    expect(error.status).toBe(422);
    expect(error.fieldErrors).toEqual([{ field: "environment", message: 'No environment "qa": dev, staging, production' }]);
  });

  test("a period with no runs answers empty lists, not errors", async () => {
    const { slug } = await history();
    const empty = await getTestHealth(slug, { from: "2026-01-01", to: "2026-01-31" }, NOW);
    expect(empty).toMatchObject({ period: null, runs: [], flaky: [], unstable: [], slowest: [], failingLongest: [] });
    // The calendar's first edge the query allows (the period before is still a date to the
    // database), and a span reaching past now, which ends now.
    expect(await getTestHealth(slug, { from: "1970-01-01", to: "1972-12-31" }, NOW)).toMatchObject({ runs: [], flaky: [], slowest: [] });
    const reaching = await getTestHealth(slug, { from: "2026-10-25", to: "2028-12-31" }, NOW);
    expect(reaching.to).toBe(NOW.toISOString());
  });
});
