import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import type { AppError } from "@/lib/http/errors";
import { makeMember, makePipeline } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { parse } from "csv-parse/sync";
import { getDeliveryMetrics, getPortfolioMetrics } from "./delivery";
import { deliveryDeploymentsCsv } from "./export";

setupTestDatabase();

const at = (day: string, time = "00:00") => new Date(`2026-${day}T${time}:00Z`);
const HOUR = 3600;

/**
 * A production history written by hand (times UTC, 2026):
 *   D0  v0 registered 09-01, succeeded 09-10                      previous period
 *   D1  v1 registered 09-30, approved 10-01 13:00 after 1 h, succeeded 10-02   lead 48 h
 *   D2  v2 registered 10-03, succeeded 10-03 06:00, rolled back by R1          lead 6 h
 *   R1  rollback requested 10-04 00:00, succeeded 01:00                         outage 1 h
 *   D3  v3 failed 10-06 00:00                                                   outage until D4: 12 h
 *   D4  v4 registered 10-06, asked 06:00, approved 08:00 and 10:00, succeeded 12:00, rolled back by R2   lead 12 h, waited 4 h
 *   D5  v5 failed 10-20 00:00; R2 requested 01:00 (the same outage), succeeded 03:00     outage 3 h
 *   D6  v6 failed 10-30 00:00, nothing succeeded since                          open
 */
async function history() {
  const { projectId, slug, envs } = await makePipeline();
  const production = envs.production.id;
  const [ops1, ops2] = [await makeMember(["OPS"]), await makeMember(["OPS"])];
  const releases = new Map<string, string>();
  for (const [version, registered] of [
    ["v0", at("09-01")],
    ["v1", at("09-30")],
    ["v2", at("10-03")],
    ["v3", at("10-05")],
    ["v4", at("10-06")],
    ["v5", at("10-19")],
    ["v6", at("10-29")],
  ] as const) {
    const release = await db().release.create({ data: { projectId, version, commitSha: "abcdef1", createdAt: registered } });
    releases.set(version, release.id);
  }
  let number = 0;
  const deploy = async (
    version: string,
    fields: { status: DeploymentStatus; createdAt: Date; succeededAt?: Date; finishedAt?: Date; decidedAt?: Date; isRollback?: boolean },
  ) =>
    db().deployment.create({
      data: {
        projectId,
        number: ++number,
        environmentId: production,
        releaseId: releases.get(version)!,
        requestedByKind: "MEMBER",
        requestedById: ops1.id,
        finishedAt: fields.finishedAt ?? fields.succeededAt,
        ...fields,
      },
    });
  // One current deployment per environment: the one it replaces is superseded before it counts as succeeded.
  const supersede = async (id: string, by: { id: string }) => {
    await db().deployment.update({ where: { id }, data: { status: "SUPERSEDED", supersededById: by.id } });
    await db().deployment.update({ where: { id: by.id }, data: { status: "SUCCEEDED" } });
  };

  const d0 = await deploy("v0", { status: "SUCCEEDED", createdAt: at("09-09"), succeededAt: at("09-10") });
  const d1 = await deploy("v1", {
    status: "DEPLOYING",
    createdAt: at("10-01", "12:00"),
    decidedAt: at("10-01", "13:00"),
    succeededAt: at("10-02"),
  });
  await db().approval.create({
    data: { deploymentId: d1.id, memberId: ops1.id, decision: "APPROVE", roles: ["OPS"], createdAt: at("10-01", "13:00") },
  });
  await supersede(d0.id, d1);
  const d2 = await deploy("v2", { status: "DEPLOYING", createdAt: at("10-03", "05:00"), succeededAt: at("10-03", "06:00") });
  await supersede(d1.id, d2);
  const r1 = await deploy("v1", { status: "DEPLOYING", isRollback: true, createdAt: at("10-04"), succeededAt: at("10-04", "01:00") });
  await supersede(d2.id, r1);
  await deploy("v3", { status: "FAILED", createdAt: at("10-05", "12:00"), finishedAt: at("10-06") });
  const d4 = await deploy("v4", {
    status: "DEPLOYING",
    createdAt: at("10-06", "06:00"),
    decidedAt: at("10-06", "10:00"),
    succeededAt: at("10-06", "12:00"),
  });
  await db().approval.createMany({
    data: [
      { deploymentId: d4.id, memberId: ops1.id, decision: "APPROVE", roles: ["OPS"], createdAt: at("10-06", "08:00") },
      { deploymentId: d4.id, memberId: ops2.id, decision: "APPROVE", roles: ["OPS"], createdAt: at("10-06", "10:00") },
    ],
  });
  await supersede(r1.id, d4);
  await deploy("v5", { status: "FAILED", createdAt: at("10-19", "23:00"), finishedAt: at("10-20") });
  const r2 = await deploy("v1", {
    status: "DEPLOYING",
    isRollback: true,
    createdAt: at("10-20", "01:00"),
    succeededAt: at("10-20", "03:00"),
  });
  await supersede(d4.id, r2);
  await deploy("v6", { status: "FAILED", createdAt: at("10-29", "23:00"), finishedAt: at("10-30") });
  return { slug, d4, projectId };
}

/**
 * A second project's production (times UTC, 2026):
 *   B1  registered 10-10 00:00, succeeded 01:00                                 lead 1 h
 *   B2  failed 10-15 00:00                                                      outage until B3: 4 h
 *   B3  registered 10-15 02:00, succeeded 04:00                                 lead 2 h
 */
async function secondHistory() {
  const { projectId, slug, envs } = await makePipeline();
  const ops = await makeMember(["OPS"]);
  let number = 0;
  const deploy = async (
    version: string,
    registered: Date,
    fields: { status: DeploymentStatus; createdAt: Date; succeededAt?: Date; finishedAt?: Date },
  ) => {
    const release = await db().release.create({ data: { projectId, version, commitSha: "abcdef2", createdAt: registered } });
    return db().deployment.create({
      data: {
        projectId,
        number: ++number,
        environmentId: envs.production.id,
        releaseId: release.id,
        requestedByKind: "MEMBER",
        requestedById: ops.id,
        finishedAt: fields.finishedAt ?? fields.succeededAt,
        ...fields,
      },
    });
  };
  const b1 = await deploy("b1", at("10-10"), { status: "SUCCEEDED", createdAt: at("10-10"), succeededAt: at("10-10", "01:00") });
  await deploy("b2", at("10-14"), { status: "FAILED", createdAt: at("10-14", "23:00"), finishedAt: at("10-15") });
  await db().deployment.update({ where: { id: b1.id }, data: { status: "SUPERSEDED" } });
  await deploy("b3", at("10-15", "02:00"), { status: "SUCCEEDED", createdAt: at("10-15", "03:00"), succeededAt: at("10-15", "04:00") });
  return { projectId, slug };
}

describe("delivery metrics (DORA's four keys and the approval wait) of a hand-made history", () => {
  test("October 2026 in production, against September", async () => {
    const { slug, d4 } = await history();
    const metrics = await getDeliveryMetrics(slug, { from: "2026-10-01", to: "2026-10-30" });
    // 30 days; successes D1, D2, D4 (rollbacks excluded): 3 ÷ 30 = 0.1 a day — between once a week and once a month.
    expect(metrics.deploymentFrequency).toEqual({ value: 0.1, band: "medium", previous: 1 / 30, deployments: 3 });
    // Lead times 48 h, 6 h, 12 h: the median is 12 h, under a day. September: D0's 9 days.
    expect(metrics.leadTimeSeconds).toEqual({ value: 12 * HOUR, band: "elite", previous: 9 * 24 * HOUR });
    // Failed D3, D5, D6; rolled back D2, D4: (3 + 2) ÷ (3 + 3). September: nothing failed.
    expect(metrics.changeFailureRate).toEqual({ value: 5 / 6, band: "low", previous: 0, failed: 3, rolledBack: 2 });
    // Four outages: 1 h (R1's request to its success), 12 h (D3 to D4), 3 h (D5 to R2; R2's request joins it), and D6's, open.
    expect(metrics.recoverySeconds).toEqual({ value: 3 * HOUR, band: "high", previous: null, failures: 4, open: 1 });
    // D1 waited 1 h for its approval, D4 4 h for its second: median 2.5 h, 90th percentile 1 h + 0.9 × 3 h.
    expect(metrics.approvalWait).toMatchObject({ medianSeconds: 2.5 * HOUR, p90Seconds: 3.7 * HOUR, count: 2 });
    expect(metrics.approvalWait.slowest.map((s) => [s.promotionId, s.waitedSeconds])[0]).toEqual([d4.id, 4 * HOUR]);
    // Days: 30 buckets, the same totals as the keys, each on its day.
    expect(metrics.bucket).toBe("day");
    expect(metrics.series).toHaveLength(30);
    const on = (day: string) => metrics.series.find((b) => b.start === `2026-${day}T00:00:00.000Z`)!;
    expect(on("10-06")).toEqual({
      start: "2026-10-06T00:00:00.000Z",
      deployments: 1,
      failed: 1,
      rolledBack: 1,
      leadTimeSeconds: 12 * HOUR,
    });
    expect(on("10-03")).toMatchObject({ deployments: 1, rolledBack: 1, leadTimeSeconds: 6 * HOUR });
    expect(metrics.series.reduce((n, b) => n + b.deployments, 0)).toBe(3);
    expect(metrics.series.reduce((n, b) => n + b.failed, 0)).toBe(3);
  });

  test("the deployments behind October's figures, as CSV: each success and failure of the period and each rollback asked in it", async () => {
    const { slug, d4 } = await history();
    await db().deployment.update({ where: { id: d4.id }, data: { freezeWaitSeconds: 1800 } });
    const { filename, csv } = await deliveryDeploymentsCsv(slug, { from: "2026-10-01", to: "2026-10-30" });
    expect(filename).toBe(`${slug}-production-deployments-2026-10-01-to-2026-10-30.csv`);
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    const pick = (...keys: string[]) => records.map((r) => keys.map((k) => r[k]));
    // D1, D2, R1, D3, D4, D5, R2, D6 by when they ended (D0 succeeded in September).
    expect(pick("number", "version", "rollback", "status")).toEqual([
      ["2", "v1", "no", "superseded"],
      ["3", "v2", "no", "superseded"],
      ["4", "v1", "yes", "superseded"],
      ["5", "v3", "no", "failed"],
      ["6", "v4", "no", "superseded"],
      ["7", "v5", "no", "failed"],
      ["8", "v1", "yes", "succeeded"],
      ["9", "v6", "no", "failed"],
    ]);
    // Lead times of the successes (48 h, 6 h, 12 h), the approval waits (1 h, 4 h), D4's freeze wait, and what a rollback replaced.
    expect(pick("leadTimeSeconds", "approvalWaitSeconds", "freezeWaitSeconds", "rolledBack")).toEqual([
      [String(48 * HOUR), String(HOUR), "0", "no"],
      [String(6 * HOUR), "", "0", "yes"],
      ["", "", "0", "no"],
      ["", "", "0", "no"],
      [String(12 * HOUR), String(4 * HOUR), "1800", "yes"],
      ["", "", "0", "no"],
      ["", "", "0", "no"],
      ["", "", "0", "no"],
    ]);
    expect(records[0]).toMatchObject({
      registeredAt: "2026-09-30T00:00:00.000Z",
      requestedAt: "2026-10-01T12:00:00.000Z",
      decidedAt: "2026-10-01T13:00:00.000Z",
      succeededAt: "2026-10-02T00:00:00.000Z",
      committedAt: "",
      failedAt: "",
    });
    expect(records[3]).toMatchObject({ failedAt: "2026-10-06T00:00:00.000Z", succeededAt: "" });
    // A promotion approved in the period and not deployed yet is there too: its waits are counted.
    const release = await db().release.findFirstOrThrow({ where: { version: "v6", project: { slug } } });
    await db().deployment.create({
      data: {
        projectId: release.projectId,
        number: 50,
        environmentId: d4.environmentId,
        releaseId: release.id,
        status: "APPROVED",
        requestedByKind: "MEMBER",
        createdAt: at("10-25"),
        decidedAt: at("10-25", "02:00"),
        freezeWaitSeconds: 600,
      },
    });
    const again = parse((await deliveryDeploymentsCsv(slug, { from: "2026-10-01", to: "2026-10-30" })).csv, { columns: true }) as Record<
      string,
      string
    >[];
    expect(again.find((r) => r.number === "50")).toMatchObject({
      status: "approved",
      decidedAt: "2026-10-25T02:00:00.000Z",
      freezeWaitSeconds: "600",
    });
    // The same query as the metrics, refused the same way.
    const refused = (await deliveryDeploymentsCsv(slug, { environment: "qa" }).catch((e: unknown) => e)) as AppError;
    expect([refused.status, refused.fieldErrors.map((e) => e.field)]).toEqual([422, ["environment"]]);
  });

  test("beyond DORA: how long freezes held the promotions approved in the period, and how many one holds now", async () => {
    const { slug, d4, projectId } = await history();
    const none = await getDeliveryMetrics(slug, { from: "2026-10-01", to: "2026-10-30" });
    expect(none.freezeWait).toEqual({ medianSeconds: null, p90Seconds: null, count: 0, totalSeconds: 0, heldNow: 0 });
    // D1 (approved 10-01) was held 2 h and D4 (approved 10-06) 30 min; a rejected one held 5 h is
    // not counted (it never went), nor is one held now, which is counted apart.
    const d1 = await db().deployment.findFirstOrThrow({ where: { projectId, number: 2 } });
    await db().deployment.update({ where: { id: d1.id }, data: { freezeWaitSeconds: 2 * HOUR } });
    await db().deployment.update({ where: { id: d4.id }, data: { freezeWaitSeconds: HOUR / 2 } });
    const { production } = Object.fromEntries(
      (await db().environment.findMany({ where: { projectId } })).map((env) => [env.name, env.id]),
    ) as Record<string, string>;
    const release = await db().release.findFirstOrThrow({ where: { projectId, version: "v6" } });
    const other = { projectId, environmentId: production!, releaseId: release.id, requestedByKind: "MEMBER" as const };
    await db().deployment.create({
      data: {
        ...other,
        number: 90,
        status: "REJECTED",
        createdAt: at("10-10"),
        decidedAt: at("10-10", "05:00"),
        freezeWaitSeconds: 5 * HOUR,
      },
    });
    await db().deployment.create({
      data: { ...other, number: 91, status: "AWAITING_GATES", createdAt: at("10-28"), freezeHeldSince: at("10-28", "01:00") },
    });
    const metrics = await getDeliveryMetrics(slug, { from: "2026-10-01", to: "2026-10-30" });
    // Median of 2 h and 30 min: 75 min; 90th percentile 30 min + 0.9 × 90 min = 111 min; 2.5 h in all.
    expect(metrics.freezeWait).toEqual({ medianSeconds: 75 * 60, p90Seconds: 111 * 60, count: 2, totalSeconds: 2.5 * HOUR, heldNow: 1 });
    // September: nothing approved was held.
    const september = await getDeliveryMetrics(slug, { from: "2026-09-01", to: "2026-09-30" });
    expect(september.freezeWait).toMatchObject({ count: 0, totalSeconds: 0, heldNow: 1 });
  });

  test("beyond DORA: the wait per approval rule, and for QA's sign-off on staging before production", async () => {
    const { slug, projectId } = await history();
    const found = await db().environment.findMany({ where: { projectId } });
    const envs = { staging: found.find((env) => env.name === "staging")!, production: found.find((env) => env.name === "production")! };
    // Production's policy today: two ops approvals and one from QA; QA signs off on staging.
    await db().approvalRule.deleteMany({ where: { environmentId: envs.production.id } });
    await db().approvalRule.createMany({
      data: [
        { environmentId: envs.production.id, role: "OPS", minCount: 2 },
        { environmentId: envs.production.id, role: "QA", minCount: 1 },
      ],
    });
    await db().environment.update({ where: { id: envs.production.id }, data: { signOffEnvironmentId: envs.staging.id } });
    const qa = await makeMember(["QA"]);
    const releases = Object.fromEntries((await db().release.findMany({ where: { projectId } })).map((r) => [r.version, r.id]));
    let number = 100;
    let runNumber = 0;
    /** v's success on staging at `succeeded`, and sign-offs of a run of it there (a voided one first, when asked). */
    const signedOff = async (version: string, succeeded: Date, signOffs: { at: Date; voided?: boolean }[]) => {
      await db().deployment.create({
        data: {
          projectId,
          number: ++number,
          environmentId: envs.staging.id,
          releaseId: releases[version]!,
          requestedByKind: "MEMBER",
          status: "SUPERSEDED",
          createdAt: succeeded,
          succeededAt: succeeded,
          finishedAt: succeeded,
        },
      });
      const run = await db().testRun.create({
        data: { projectId, number: ++runNumber, releaseId: releases[version]!, environmentId: envs.staging.id, name: "Regression" },
      });
      for (const signOff of signOffs)
        await db().signOff.create({
          data: {
            runId: run.id,
            decision: "SIGNED_OFF",
            comment: "ok",
            memberId: qa.id,
            createdAt: signOff.at,
            voidedAt: signOff.voided ? signOff.at : null,
          },
        });
    };
    await signedOff("v1", at("10-01"), [{ at: at("10-01", "03:00") }]); // 3 h
    await signedOff("v4", at("10-06", "02:00"), [{ at: at("10-06", "03:00"), voided: true }, { at: at("10-06", "07:00") }]); // 5 h: the voided one does not count
    await signedOff("v0", at("09-09"), [{ at: at("09-09", "02:00") }]); // September: outside the period
    await signedOff("v5", at("10-19", "20:00"), []); // never signed off
    // Signed off after it had reached production (10-03 06:00): the sign-off held nothing back, not counted.
    await signedOff("v2", at("10-03", "05:00"), [{ at: at("10-03", "09:00") }]);

    const metrics = await getDeliveryMetrics(slug, { from: "2026-10-01", to: "2026-10-30" });
    // Only D4 had a second ops approval (4 h after its request); no promotion had QA's. Listed in role order.
    expect(metrics.approvalWait.byRule).toEqual([
      { role: "QA", minCount: 1, medianSeconds: null, count: 0 },
      { role: "OPS", minCount: 2, medianSeconds: 4 * HOUR, count: 1 },
    ]);
    // 3 h and 5 h: median 4 h, 90th percentile 3 h + 0.9 × 2 h.
    expect(metrics.signOffWait).toEqual({ environment: "staging", medianSeconds: 4 * HOUR, p90Seconds: 4.8 * HOUR, count: 2 });
    // Staging's own policy asks for no sign-off: nothing to measure there.
    expect((await getDeliveryMetrics(slug, { from: "2026-10-01", to: "2026-10-30", environment: "staging" })).signOffWait).toBeNull();
  });

  test("lead time starts at the commit where the release says when it was made, else at its registration", async () => {
    const { projectId, slug, envs } = await makePipeline();
    let number = 0;
    for (const [version, registered, committedAt, succeeded] of [
      ["c1", at("10-10"), at("10-09", "12:00"), at("10-10", "12:00")], // 24 h from the commit (36 h before it)
      ["c2", at("10-12"), null, at("10-12", "06:00")], // 6 h from the registration
    ] as const) {
      const release = await db().release.create({ data: { projectId, version, commitSha: "abcdef3", createdAt: registered, committedAt } });
      await db().deployment.create({
        data: {
          projectId,
          number: ++number,
          environmentId: envs.production.id,
          releaseId: release.id,
          requestedByKind: "SYSTEM",
          status: version === "c1" ? "SUPERSEDED" : "SUCCEEDED",
          createdAt: registered,
          succeededAt: succeeded,
          finishedAt: succeeded,
        },
      });
    }
    const metrics = await getDeliveryMetrics(slug, { from: "2026-10-01", to: "2026-10-30" });
    expect(metrics.leadTimeSeconds.value).toBe(15 * HOUR);
    expect(metrics.series.find((b) => b.start === "2026-10-10T00:00:00.000Z")!.leadTimeSeconds).toBe(24 * HOUR);
  });

  test("another environment, where nothing happened, measures nothing; an unknown one and a bad span are named", async () => {
    const { slug } = await history();
    const staging = await getDeliveryMetrics(slug, { from: "2026-10-01", to: "2026-10-30", environment: "Staging" });
    expect(staging.environment.name).toBe("staging");
    // No deployment is no rate to rate: no level, as the other keys without data.
    expect(staging.deploymentFrequency).toEqual({ value: 0, band: null, previous: 0, deployments: 0 });
    expect(staging.leadTimeSeconds.value).toBeNull();
    expect(staging.changeFailureRate.value).toBeNull();
    expect(staging.recoverySeconds).toMatchObject({ value: null, failures: 0, open: 0 });
    // Production stays the default when an environment is added after it.
    const { projectId } = await db()
      .project.findUnique({ where: { slug }, select: { id: true } })
      .then((p) => ({ projectId: p!.id }));
    await db().environment.create({ data: { projectId, name: "perf", position: 3 } });
    expect((await getDeliveryMetrics(slug, { from: "2026-10-01", to: "2026-10-30" })).environment.name).toBe("production");
    const refused = async (query: Parameters<typeof getDeliveryMetrics>[1]) =>
      getDeliveryMetrics(slug, query).then(
        () => null,
        (error: AppError) => [error.status, error.fieldErrors.map((e) => e.field)],
      );
    expect(await refused({ environment: "qa" })).toEqual([422, ["environment"]]);
    expect(await refused({ environment: " " })).toEqual([422, ["environment"]]);
    expect(await refused({ from: "2026-10-01" })).toEqual([422, ["to"]]);
    expect(await refused({ from: "2026-10-30", to: "2026-10-01" })).toEqual([422, ["to"]]);
    expect(await refused({ period: "7d" as "30d" })).toEqual([422, ["period"]]);
    expect(await refused({ from: "2026-13-01", to: "2026-10-01" })).toEqual([422, ["from"]]);
    // A misspelt field is named, not ignored (it would otherwise show production).
    expect(await refused({ enviroment: "staging" })).toEqual([422, ["enviroment"]]);
    // The calendar's first edge the query allows: the period before is still a date to the database.
    const first = await getDeliveryMetrics(slug, { from: "1970-01-01", to: "1972-12-31" });
    expect([first.from, first.to, first.deploymentFrequency.deployments]).toEqual([
      "1970-01-01T00:00:00.000Z",
      "1973-01-01T00:00:00.000Z",
      0,
    ]);
    expect(await refused({ from: "0001-01-01", to: "0001-12-31" })).toEqual([422, ["from", "to"]]);
    // Days still to come are no days without deployments: a span reaching past now ends now, and
    // one starting after today is named (the last day allowed, 9999-12-30, is then never reached).
    const now = new Date("2026-11-15T12:00:00Z");
    const reaching = await getDeliveryMetrics(slug, { from: "2026-10-01", to: "2028-12-31" }, now);
    expect([reaching.from, reaching.to]).toEqual(["2026-10-01T00:00:00.000Z", now.toISOString()]);
    expect(reaching.deploymentFrequency.value).toBeCloseTo(reaching.deploymentFrequency.deployments / 45.5, 9);
    expect(
      await getDeliveryMetrics(slug, { from: "2026-11-16", to: "2026-11-30" }, now).catch((error: AppError) => [
        error.status,
        error.fieldErrors.map((e) => e.field),
      ]),
    ).toEqual([422, ["from"]]);
    expect(
      await getDeliveryMetrics(slug, { from: "9999-12-01", to: "9999-12-30" }).catch((error: AppError) => error.fieldErrors[0]?.field),
    ).toBe("from");
  });
});

describe("delivery metrics across projects", () => {
  test("each project's keys, and all of them counted as one set of deployments, not averaged", async () => {
    const a = await history();
    const b = await secondHistory();
    const metrics = await getPortfolioMetrics([a.projectId, b.projectId], { from: "2026-10-01", to: "2026-10-30" });
    const one = await getDeliveryMetrics(a.slug, { from: "2026-10-01", to: "2026-10-30" });
    const rowA = metrics.projects.find((row) => row.project.slug === a.slug);
    const rowB = metrics.projects.find((row) => row.project.slug === b.slug);
    expect(metrics.projects).toHaveLength(2);
    // The first project's row is its own metrics.
    expect(rowA).toMatchObject({
      environment: "production",
      deploymentFrequency: one.deploymentFrequency,
      leadTimeSeconds: one.leadTimeSeconds,
      changeFailureRate: one.changeFailureRate,
      recoverySeconds: one.recoverySeconds,
    });
    // The second: B1 and B3 (leads 1 h and 2 h), B2 failed, one outage of 4 h.
    expect(rowB).toMatchObject({
      environment: "production",
      deploymentFrequency: { value: 2 / 30, deployments: 2 },
      leadTimeSeconds: { value: 1.5 * HOUR },
      changeFailureRate: { value: 1 / 3, failed: 1, rolledBack: 0 },
      recoverySeconds: { value: 4 * HOUR, failures: 1, open: 0 },
    });
    // Together: 5 successes in 30 days (more than once a week); leads 1, 2, 6, 12, 48 h: median 6 h
    // (averaging the two projects' medians would say 6.75 h); failed 3 + 1 and rolled back 2 of
    // 5 + 4; recovered outages 1, 3, 4 and 12 h (median 3.5 h), and A's last still open.
    expect(metrics.all).toEqual({
      projects: 2,
      deploymentFrequency: { value: 5 / 30, band: "high", previous: 1 / 30, deployments: 5 },
      leadTimeSeconds: { value: 6 * HOUR, band: "elite", previous: 9 * 24 * HOUR },
      changeFailureRate: { value: 6 / 9, band: "low", previous: 0, failed: 4, rolledBack: 2 },
      recoverySeconds: { value: 3.5 * HOUR, band: "high", previous: null, failures: 5, open: 1 },
    });
    expect(metrics).toMatchObject({ from: "2026-10-01T00:00:00.000Z", to: "2026-10-31T00:00:00.000Z", period: null, environment: null });
  });

  test("a project without the environment asked for is listed without keys and left out of the total; one no project has is refused", async () => {
    const a = await history();
    const b = await secondHistory();
    await db().environment.create({ data: { projectId: b.projectId, name: "perf", position: 3 } });
    const metrics = await getPortfolioMetrics([a.projectId, b.projectId], { period: "30d", environment: "Perf" });
    expect(metrics.projects.find((row) => row.project.slug === a.slug)).toEqual({
      project: { slug: a.slug, name: a.slug },
      environment: null,
    });
    expect(metrics.projects.find((row) => row.project.slug === b.slug)).toMatchObject({
      environment: "perf",
      deploymentFrequency: { deployments: 0 },
    });
    expect(metrics.all).toMatchObject({ projects: 1, deploymentFrequency: { value: 0, deployments: 0 }, leadTimeSeconds: { value: null } });
    const refused = (query: Parameters<typeof getPortfolioMetrics>[1]) =>
      getPortfolioMetrics([a.projectId, b.projectId], query).then(
        () => null,
        (error: AppError) => [error.status, error.fieldErrors.map((e) => e.field)],
      );
    expect(await refused({ environment: "qa" })).toEqual([422, ["environment"]]);
    expect(await refused({ period: "7d" as "30d" })).toEqual([422, ["period"]]);
    expect(await refused({ perod: "30d" })).toEqual([422, ["perod"]]);
  });
});
