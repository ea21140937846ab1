import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { Conflict, Forbidden, ValidationFailed } from "@/lib/http/errors";
import { importJunit } from "@/lib/junit/import";
import { approvePromotion, reportDeployment, requestPromotion } from "@/lib/promotions/mutations";
import { settleAfterSignOff } from "@/lib/promotions/workflow";
import { getPromotion } from "@/lib/promotions/queries";
import { createRelease } from "@/lib/releases/mutations";
import { getRelease } from "@/lib/releases/queries";
import { createCase, createSuite } from "@/lib/test-cases/mutations";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { createRun, recordResult, signOffRun, undoResult } from "./mutations";
import { getResultDetail, getRun } from "./queries";

setupTestDatabase();

const fixtures = path.join(import.meta.dirname, "..", "junit", "fixtures");
async function* bytes(text: string) {
  yield Buffer.from(text);
}
const upload = (name: string, text = fs.readFileSync(path.join(fixtures, name), "utf8")) => ({ body: bytes(text), fileName: name });

/** A project with a release in staging, a few manual cases and a QA member. */
async function staged(policies: Parameters<typeof makePipeline>[0] = {}) {
  const pipeline = await makePipeline(policies);
  const dev = await makeActor(["DEVELOPER"]);
  const ops = await makeActor(["OPS"]);
  const qa = await makeActor(["QA"]);
  const version = unique("v");
  await createRelease(dev, pipeline.slug, { version, commitSha: "abcdef1234" });
  const inDev = await db().deployment.findFirstOrThrow({ where: { environmentId: pipeline.envs.dev.id } });
  await reportDeployment(ops, inDev.id, { status: "succeeded" });
  const staging = await requestPromotion(dev, pipeline.slug, { release: version, environment: "staging" });
  await reportDeployment(ops, staging.id, { status: "succeeded" });
  const [suite] = await createSuite(qa, pipeline.slug, { name: "Checkout" });
  const cases = [];
  for (const title of ["Cart keeps items", "Discount applies", "Receipt is emailed"]) {
    cases.push(
      await createCase(qa, pipeline.slug, {
        title,
        suiteId: suite!.id,
        tags: ["smoke"],
        steps: [{ action: `Check: ${title}`, expected: "It works" }],
      }),
    );
  }
  return { ...pipeline, dev, ops, qa, version, cases, suite: suite! };
}

const resultOf = async (runId: string, title: string) => (await getRun(runId)).results.find((r) => r.title === title)!;
/** QA passes every result of the run. */
async function passAll(qa: Actor, runId: string) {
  for (const result of (await getRun(runId)).results) await recordResult(qa, runId, result.id, { status: "PASSED" });
}

/** A run of every case on staging, all passed and signed off. */
async function signedOffRun(qa: Actor, slug: string, version: string, comment: string) {
  const run = await createRun(qa, slug, { release: version, environment: "staging", all: true });
  await passAll(qa, run.id);
  await signOffRun(qa, run.id, { decision: "SIGNED_OFF", comment }, settleAfterSignOff);
  return run;
}

describe("test runs", () => {
  test("a run for a release in an environment pins the case revisions it was made with", async () => {
    const { slug, qa, version, suite, cases } = await staged();
    const run = await createRun(qa, slug, { release: version, environment: "staging", suites: [suite.id] });
    expect(run).toMatchObject({ name: `${version} on staging`, total: 3, counts: { UNTESTED: 3 } });
    // The case changes after the run pinned it: the run still shows what was tested.
    const { updateCase } = await import("@/lib/test-cases/mutations");
    await updateCase(qa, slug, cases[0]!.key, { title: "Cart keeps items after sign-in", revision: 1 });
    // The run's list names the case as pinned, the same as the result's panel.
    expect(await resultOf(run.id, "Cart keeps items after sign-in")).toBeUndefined();
    const result = await resultOf(run.id, "Cart keeps items");
    expect(result).toMatchObject({ caseId: cases[0]!.id, caseRevision: 1, newerRevision: true });
    expect((await getResultDetail(run.id, result.id)).pinned).toMatchObject({ revision: 1, title: "Cart keeps items" });
  });

  test("a run lists every result in case order, with its case, suite, who recorded it and when", async () => {
    const { slug, qa, version, cases } = await staged();
    const project = await db().project.findUniqueOrThrow({ where: { slug } });
    const run = await createRun(qa, slug, { release: version, environment: "staging", all: true });
    const second = (await getRun(run.id)).results[1]!;
    const before = Date.now();
    await recordResult(qa, run.id, second.id, { status: "FAILED", note: "total is off by one cent" });
    const { results, counts } = await getRun(run.id);
    expect(results.map((r) => r.caseKey)).toEqual(cases.map((c) => c.key));
    expect(results.map((r) => r.caseKey)).toEqual([1, 2, 3].map((n) => `${project.key}-${n}`));
    const untouched = {
      suite: "Checkout",
      kind: "MANUAL",
      priority: "MEDIUM",
      source: "MANUAL",
      flaky: false,
      durationMs: null,
      knownIssues: [],
      steps: [],
      assignee: null,
    };
    expect(results[0]).toEqual({
      ...untouched,
      id: expect.any(String),
      caseId: cases[0]!.id,
      caseKey: cases[0]!.key,
      title: "Cart keeps items",
      status: "UNTESTED",
      note: null,
      by: null,
      at: null,
      caseRevision: 1,
      newerRevision: false,
    });
    expect(results[1]).toMatchObject({ ...untouched, title: "Discount applies", status: "FAILED", note: "total is off by one cent" });
    expect(results[1]!.by).toBe(qa.label.replace(/ <.*>$/, ""));
    expect(Date.parse(results[1]!.at!)).toBeGreaterThanOrEqual(before - 1000);
    expect(results[1]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(counts).toMatchObject({ UNTESTED: 2, FAILED: 1 });
  });

  test("runs are built from suites, tags or all; an empty selection is refused", async () => {
    const { slug, qa, version } = await staged();
    await createCase(qa, slug, { title: "Elsewhere", tags: ["nightly"] });
    expect((await createRun(qa, slug, { release: version, environment: "staging", tags: ["nightly"] })).total).toBe(1);
    expect((await createRun(qa, slug, { release: version, environment: "staging", all: true })).total).toBe(4);
    await expect(createRun(qa, slug, { release: version, environment: "staging" })).rejects.toBeInstanceOf(ValidationFailed);
    await expect(createRun(qa, slug, { release: version, environment: "staging", tags: ["nothing"] })).rejects.toThrow(
      "No active case matches",
    );
  });

  test("a failed case, fixed and retested, keeps both results in its history", async () => {
    const { slug, qa, version } = await staged();
    const run = await createRun(qa, slug, { release: version, environment: "staging", all: true });
    const discount = await resultOf(run.id, "Discount applies");
    await recordResult(qa, run.id, discount.id, { status: "FAILED", note: "10% not applied to shipping" });
    await recordResult(qa, run.id, discount.id, { status: "PASSED", note: "fixed in the retest" });
    const detail = await getResultDetail(run.id, discount.id);
    expect(detail.history.map((h) => [h.status, h.note])).toEqual([
      ["FAILED", "10% not applied to shipping"],
      ["PASSED", "fixed in the retest"],
    ]);
  });
});

describe("undo", () => {
  test("takes back the caller's latest recording: the result is what it was before, note and all", async () => {
    const { slug, qa, version } = await staged();
    const run = await createRun(qa, slug, { release: version, environment: "staging", all: true });
    const discount = await resultOf(run.id, "Discount applies");
    await recordResult(qa, run.id, discount.id, { status: "FAILED", note: "10% not applied" });
    await recordResult(qa, run.id, discount.id, { status: "PASSED" });
    const summary = await undoResult(qa, run.id, discount.id, { status: "PASSED" });
    expect(summary.counts).toMatchObject({ FAILED: 1, PASSED: 0, UNTESTED: 2 });
    expect(await resultOf(run.id, "Discount applies")).toMatchObject({ status: "FAILED", note: "10% not applied" });
    expect((await getResultDetail(run.id, discount.id)).history.map((h) => h.status)).toEqual(["FAILED"]);
    // Once more: back to untested, as the run made it.
    await undoResult(qa, run.id, discount.id, { status: "FAILED" });
    expect(await resultOf(run.id, "Discount applies")).toMatchObject({ status: "UNTESTED", note: null, by: null, at: null });
    const audit = await db().auditEvent.findMany({ where: { objectId: run.id, action: "result.undone" }, orderBy: { seq: "asc" } });
    expect(audit.map((event) => (event.after as { status: string }).status)).toEqual(["FAILED", "UNTESTED"]);
  });

  test("refuses when someone else recorded the result since, or the status named is not the latest", async () => {
    const { slug, qa, dev, version } = await staged();
    const run = await createRun(qa, slug, { release: version, environment: "staging", all: true });
    const discount = await resultOf(run.id, "Discount applies");
    await recordResult(qa, run.id, discount.id, { status: "FAILED" });
    await expect(undoResult(qa, run.id, discount.id, { status: "PASSED" })).rejects.toBeInstanceOf(Conflict);
    await recordResult(dev, run.id, discount.id, { status: "PASSED", note: "works for me" });
    await expect(undoResult(qa, run.id, discount.id, { status: "FAILED" })).rejects.toThrow("was recorded since (now passed)");
    await expect(undoResult(qa, run.id, discount.id, { status: "NOPE" })).rejects.toBeInstanceOf(ValidationFailed);
    expect(await resultOf(run.id, "Discount applies")).toMatchObject({ status: "PASSED", note: "works for me" });
    // Nothing recorded yet: nothing to undo.
    const cart = await resultOf(run.id, "Cart keeps items");
    await expect(undoResult(qa, run.id, cart.id, { status: "UNTESTED" })).rejects.toBeInstanceOf(Conflict);
  });

  test("restores an imported result as imported, with its source", async () => {
    const { slug, qa, version } = await staged();
    const run = await createRun(qa, slug, { release: version, environment: "staging", all: true });
    const discount = await resultOf(run.id, "Discount applies");
    await db().testResult.update({ where: { id: discount.id }, data: { status: "FAILED", source: "IMPORT", flaky: true } });
    await db().testResultEvent.create({
      data: { resultId: discount.id, status: "FAILED", source: "IMPORT", flaky: true, actorKind: "AUTOMATION" },
    });
    await recordResult(qa, run.id, discount.id, { status: "PASSED", note: "re-ran by hand" });
    await undoResult(qa, run.id, discount.id, { status: "PASSED" });
    expect(await resultOf(run.id, "Discount applies")).toMatchObject({ status: "FAILED", source: "IMPORT", flaky: true, note: null });
  });
});

describe("sign-off", () => {
  test("only QA signs off; failed or untested cases must each be waived with a reason", async () => {
    const { slug, qa, dev, version } = await staged();
    const run = await createRun(qa, slug, { release: version, environment: "staging", all: true });
    const [cart, discount] = [await resultOf(run.id, "Cart keeps items"), await resultOf(run.id, "Discount applies")];
    await recordResult(qa, run.id, cart.id, { status: "PASSED" });
    await recordResult(qa, run.id, discount.id, { status: "FAILED" });
    await expect(signOffRun(dev, run.id, { decision: "SIGNED_OFF", comment: "ok" }, settleAfterSignOff)).rejects.toBeInstanceOf(Forbidden);
    const refused = (await signOffRun(qa, run.id, { decision: "SIGNED_OFF", comment: "ok" }, settleAfterSignOff).catch(
      (e: unknown) => e,
    )) as ValidationFailed;
    expect(refused.fieldErrors[0]).toMatchObject({
      field: "waivers",
      message: expect.stringMatching(/-2 \(failed\), .*-3 \(untested\) must each be waived with a reason/),
    });

    const receipt = await resultOf(run.id, "Receipt is emailed");
    const signed = await signOffRun(
      qa,
      run.id,
      {
        decision: "SIGNED_OFF",
        comment: "Good to go",
        waivers: [
          { resultId: discount.id, reason: "Known issue SHOP-12, fixed in the next release" },
          { resultId: receipt.id, reason: "Mail server is down on staging" },
        ],
      },
      settleAfterSignOff,
    );
    expect(signed.signOff).toMatchObject({
      decision: "SIGNED_OFF",
      voided: null,
      waivers: [{ reason: expect.stringMatching(/SHOP-12/) }, { reason: "Mail server is down on staging" }],
    });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: run.id, action: "run.signed_off" } });
    expect(audit.reason).toBe("Good to go");
    expect(JSON.stringify(audit.after)).toContain("Known issue SHOP-12");
  });

  test("a later change to the results voids the sign-off, visibly", async () => {
    const { slug, qa, version } = await staged();
    const run = await signedOffRun(qa, slug, version, "All green");
    const cart = await resultOf(run.id, "Cart keeps items");
    const after = await recordResult(qa, run.id, cart.id, { status: "FAILED", note: "lost after sign-in" });
    expect(after.signOff).toMatchObject({
      decision: "SIGNED_OFF",
      voided: { reason: expect.stringMatching(/changed from passed to failed by/) },
    });
    expect(await db().signOff.count({ where: { runId: run.id, voidedAt: null } })).toBe(0);
  });

  test("within one millisecond (the embedded engine's clock and the columns' precision), the later sign-off and result count", async () => {
    const { slug, qa, version } = await staged();
    const run = await signedOffRun(qa, slug, version, "First");
    const cart = await resultOf(run.id, "Cart keeps items");
    await recordResult(qa, run.id, cart.id, { status: "FAILED", note: "broke" });
    await recordResult(qa, run.id, cart.id, { status: "PASSED", note: "fixed" });
    await signOffRun(qa, run.id, { decision: "SIGNED_OFF", comment: "Second" }, settleAfterSignOff);
    // One timestamp for all, written newest first, so the rows' physical order is the reverse of
    // the order they were made in (which a scan without a tie-break would return).
    const at = new Date();
    for (const { id } of await db().signOff.findMany({ where: { runId: run.id }, orderBy: { id: "desc" } }))
      await db().signOff.update({ where: { id }, data: { createdAt: at } });
    for (const { id } of await db().testResultEvent.findMany({ where: { resultId: cart.id }, orderBy: { id: "desc" } }))
      await db().testResultEvent.update({ where: { id }, data: { createdAt: at } });
    expect((await getRun(run.id)).signOff).toMatchObject({ comment: "Second", voided: null });
    expect((await getRelease(slug, version)).runs[0]).toMatchObject({ state: "signed off" });
    expect((await getResultDetail(run.id, cart.id)).history.map((h) => h.note)).toEqual([null, "broke", "fixed"]);
  });

  test("a release's page shows where it runs, its runs as QA left them and its history without single results", async () => {
    const { slug, qa, version } = await staged();
    const signed = await createRun(qa, slug, { release: version, environment: "staging", name: "Signed", all: true });
    await passAll(qa, signed.id);
    await signOffRun(qa, signed.id, { decision: "SIGNED_OFF", comment: "All green" }, settleAfterSignOff);
    const voided = await createRun(qa, slug, { release: version, environment: "staging", name: "Voided", all: true });
    await passAll(qa, voided.id);
    await signOffRun(qa, voided.id, { decision: "SIGNED_OFF", comment: "All green" }, settleAfterSignOff);
    await recordResult(qa, voided.id, (await resultOf(voided.id, "Cart keeps items")).id, { status: "FAILED" });
    // A result taken back is a result change too: it stays on the run's page.
    const taken = (await resultOf(voided.id, "Cart keeps items")).id;
    await recordResult(qa, voided.id, taken, { status: "BLOCKED" });
    await undoResult(qa, voided.id, taken, { status: "BLOCKED" });
    await createRun(qa, slug, { release: version, environment: "dev", name: "Open", tags: ["smoke"] });

    const release = await getRelease(slug, version);
    expect(release.environments.map((e) => [e.name, e.status, e.current])).toEqual([
      ["dev", "SUCCEEDED", true],
      ["staging", "SUCCEEDED", true],
      ["production", null, false],
    ]);
    expect(release.environments[1]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Newest first, each with its state and size.
    expect(release.runs.map((r) => [r.name, r.environment, r.total, r.state])).toEqual([
      ["Open", "dev", 3, "not signed"],
      ["Voided", "staging", 3, "voided"],
      ["Signed", "staging", 3, "signed off"],
    ]);
    const actions = release.timeline.map((item) => item.action);
    expect(actions[0]).toBe("release.created");
    expect(actions).toContain("deployment.succeeded");
    expect(actions.filter((a) => a === "run.signed_off")).toHaveLength(2);
    expect(actions).not.toContain("result.recorded");
    expect(actions).not.toContain("result.undone");
    const seqs = release.timeline.map((item) => BigInt(item.seq));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    await expect(getRelease(slug, "no-such-version")).rejects.toThrow("Release no-such-version");
    await expect(getRelease("no-such-project", version)).rejects.toThrow("Project");
  });

  test("a new release never inherits an old sign-off", async () => {
    const { slug, qa, dev, version, envs } = await staged({ production: { signOffIn: "staging", approvalRules: [] } });
    await signedOffRun(qa, slug, version, "ok");
    const next = unique("v");
    await createRelease(dev, slug, { version: next, commitSha: "abcdef9999" });
    const ops = await makeActor(["OPS"]);
    await reportDeployment(
      ops,
      (await db().deployment.findFirstOrThrow({ where: { environmentId: envs.dev.id, release: { version: next } } })).id,
      { status: "succeeded" },
    );
    await reportDeployment(ops, (await requestPromotion(dev, slug, { release: next, environment: "staging" })).id, { status: "succeeded" });
    const promotion = await requestPromotion(dev, slug, { release: next, environment: "production" });
    expect(promotion.gates!.gates.find((g) => g.kind === "sign-off")).toMatchObject({
      status: "waiting",
      summary: `no test run of ${next} on staging yet`,
    });
  });
});

describe("the sign-off gate", () => {
  test("production waits for QA's sign-off on staging, and goes the moment QA signs off", async () => {
    const { slug, qa, dev, ops, version } = await staged({
      production: { signOffIn: "staging", approvalRules: [{ role: "OPS", minCount: 1 }] },
    });
    const run = await createRun(qa, slug, { release: version, environment: "staging", all: true });
    const promotion = await requestPromotion(dev, slug, { release: version, environment: "production" });
    const [cart, discount] = [await resultOf(run.id, "Cart keeps items"), await resultOf(run.id, "Discount applies")];
    await recordResult(qa, run.id, cart.id, { status: "FAILED" });
    await recordResult(qa, run.id, discount.id, { status: "FAILED" });
    const waiting = await getPromotion(promotion.id, ops);
    const gate = waiting.gates!.gates.find((g) => g.kind === "sign-off")!;
    expect(`${gate.title}: ${gate.summary}`).toBe("QA sign-off on staging: 2 failed, 1 untested, not signed");
    await approvePromotion(ops, promotion.id, {});
    expect((await getPromotion(promotion.id, ops)).status).toBe("AWAITING_GATES");

    await passAll(qa, run.id);
    await signOffRun(qa, run.id, { decision: "SIGNED_OFF", comment: "Retested: all pass" }, settleAfterSignOff);
    const through = await getPromotion(promotion.id, ops);
    expect(through.status).toBe("APPROVED");
    expect(through.gates!.gates.find((g) => g.kind === "sign-off")).toMatchObject({
      status: "passed",
      summary: expect.stringMatching(/^signed off by .* \(run #\d+\)$/),
    });
  });

  test("a blocked run says who blocked it and why", async () => {
    const { slug, qa, dev, version } = await staged({ production: { signOffIn: "staging" } });
    const run = await createRun(qa, slug, { release: version, environment: "staging", all: true });
    await signOffRun(qa, run.id, { decision: "BLOCKED", comment: "Payments broken on Safari" }, settleAfterSignOff);
    const promotion = await requestPromotion(dev, slug, { release: version, environment: "production" });
    expect(promotion.gates!.gates.find((g) => g.kind === "sign-off")?.summary).toMatch(
      /3 untested, blocked by .*: “Payments broken on Safari”$/,
    );
  });
});

describe("JUnit import", () => {
  async function withRun() {
    const staging = await staged();
    const run = await createRun(staging.qa, staging.slug, { release: staging.version, environment: "staging", all: true });
    return { ...staging, run };
  }

  test("maps by explicit case id, then by automation id; unknown tests become automated cases", async () => {
    const { run, qa, slug, cases } = await withRun();
    const key = cases[0]!.key; // the pytest fixture names CHK-1: point it at this project's first case
    const report = fs.readFileSync(path.join(fixtures, "pytest.xml"), "utf8").replace('value="CHK-1"', `value="${key}"`);
    const summary = await importJunit(qa, run.id, upload("pytest.xml", report));
    expect(summary).toMatchObject({ tests: 4, passed: 2, failed: 1, skipped: 1, matched: 1, created: 3, duplicate: false });
    const results = (await getRun(run.id)).results;
    expect(results.find((r) => r.caseKey === key)).toMatchObject({ status: "PASSED", source: "IMPORT" });
    const created = await db().testCase.findMany({ where: { project: { slug }, kind: "AUTOMATED" }, orderBy: { number: "asc" } });
    expect(created.map((c) => c.automationId)).toEqual([
      "tests.test_cart.test_discount_rounding",
      "tests.test_cart.test_legacy_coupon",
      "tests.test_checkout.test_pay[visa]",
    ]);
    expect(results.find((r) => r.title === "Discount rounding")).toMatchObject({ status: "FAILED", note: "assert 9.99 == 10.0" });
  });

  test("the same report again changes nothing; a second run matches the cases created before", async () => {
    const { run, qa, slug, version } = await withRun();
    await importJunit(qa, run.id, upload("surefire.xml"));
    const counts = { cases: await db().testCase.count(), events: await db().testResultEvent.count(), audit: await db().auditEvent.count() };
    expect(await importJunit(qa, run.id, upload("surefire.xml"))).toMatchObject({ duplicate: true, created: 6 });
    expect({
      cases: await db().testCase.count(),
      events: await db().testResultEvent.count(),
      audit: await db().auditEvent.count(),
    }).toEqual(counts);
    const second = await createRun(qa, slug, { release: version, environment: "staging", all: true });
    expect(await importJunit(qa, second.id, upload("surefire.xml"))).toMatchObject({ matched: 6, created: 0 });
    expect(await db().testCase.count()).toBe(counts.cases);
  });

  test("flaky tests pass and are flagged; errors count as failures", async () => {
    const { run, qa } = await withRun();
    expect(await importJunit(qa, run.id, upload("surefire.xml"))).toMatchObject({ passed: 2, failed: 2, errors: 1, skipped: 1, flaky: 1 });
    const results = (await getRun(run.id)).results;
    expect(results.find((r) => r.title === "Retries payment")).toMatchObject({
      status: "PASSED",
      flaky: true,
      note: expect.stringMatching(/flaky/),
    });
    expect(results.find((r) => r.title === "Connects to database")).toMatchObject({
      status: "FAILED",
      note: expect.stringMatching(/^error · Connection refused/),
    });
  });

  test("a report that changes results voids the sign-off", async () => {
    const { run, qa } = await withRun();
    await importJunit(qa, run.id, upload("vitest.xml"));
    for (const result of (await getRun(run.id)).results.filter((r) => r.status !== "PASSED")) {
      await recordResult(qa, run.id, result.id, { status: "PASSED", note: "fixed" });
    }
    await signOffRun(qa, run.id, { decision: "SIGNED_OFF", comment: "ok" }, settleAfterSignOff);
    const changedReport = fs
      .readFileSync(path.join(fixtures, "vitest.xml"), "utf8")
      .replace(' time="0.001">', ' time="0.001"><failure message="regressed"/>');
    await importJunit(qa, run.id, upload("vitest-rerun.xml", changedReport));
    expect((await getRun(run.id)).signOff?.voided?.reason).toMatch(/vitest-rerun\.xml changed \d+ results?/);
  });

  test("hostile or broken input is refused and stores nothing", async () => {
    const { run, qa } = await withRun();
    const before = { cases: await db().testCase.count(), imports: await db().junitImport.count() };
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuites><testsuite name="a"><testcase name="&x;"/></testsuite></testsuites>`;
    await expect(importJunit(qa, run.id, upload("xxe.xml", xxe))).rejects.toThrow(/DOCTYPE is not allowed/);
    await expect(importJunit(qa, run.id, upload("broken.xml", `<testsuites><testsuite name="a"><testcase name="x">`))).rejects.toThrow(
      /malformed XML at line 1/,
    );
    expect({ cases: await db().testCase.count(), imports: await db().junitImport.count() }).toEqual(before);
  });

  test("tokens need results:write, and only for their own project", async () => {
    const { run } = await withRun();
    const { projectId } = await db().testRun.findUniqueOrThrow({ where: { id: run.id } });
    const token = (scopes: string[], projectId: string): Actor => ({
      kind: "TOKEN",
      id: "00000000-0000-7000-8000-000000000001",
      label: "ci",
      roles: [],
      scopes,
      projectId,
    });
    await expect(importJunit(token(["read"], projectId), run.id, upload("vitest.xml"))).rejects.toBeInstanceOf(Forbidden);
    await expect(
      importJunit(token(["results:write"], "00000000-0000-7000-8000-000000000002"), run.id, upload("vitest.xml")),
    ).rejects.toThrow(/not found/);
  });
});
