import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { settleAfterSignOff } from "@/lib/promotions/workflow";
import { createRelease } from "@/lib/releases/mutations";
import { createCase, createSuite } from "@/lib/test-cases/mutations";
import { searchTextOf } from "@/lib/test-cases/snapshot";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { createRun, recordResult, signOffRun } from "@/lib/test-runs/mutations";
import { getResultDetail, getRun } from "@/lib/test-runs/queries";
import { importJunit, uploadResults } from "./import";
import { SUITE_CASE_NAME } from "./parse";

setupTestDatabase();

const handed = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", "handed", name), "utf8");
async function* bytes(...parts: (string | Buffer)[]) {
  for (const part of parts) yield Buffer.from(part);
}
const upload = (fileName: string, text: string) => ({ body: bytes(text), fileName });

/** A project with a release, QA, and one manual case (its key is `${key}-1`). */
async function project() {
  const pipeline = await makePipeline();
  const dev = await makeActor(["DEVELOPER"]);
  const qa = await makeActor(["QA"]);
  const version = unique("v");
  await createRelease(dev, pipeline.slug, { version, commitSha: "abcdef1234" });
  const { key } = await db().project.findUniqueOrThrow({ where: { id: pipeline.projectId } });
  const manual = await createCase(qa, pipeline.slug, { title: "Pays by wallet", tags: ["smoke"] });
  const send = (fileName: string, text: string, environment = "staging") =>
    uploadResults(qa, pipeline.slug, { release: version, environment }, upload(fileName, text));
  return { ...pipeline, dev, qa, version, key, manual, send };
}

const resultOf = async (runId: string, title: string) => {
  const result = (await getRun(runId)).results.find((r) => r.title === title);
  if (!result) throw new Error(`no result titled ${title}`);
  return { ...result, output: (await getResultDetail(runId, result.id)).output };
};

describe("inputs handed over on 2026-11-30, imported", () => {
  test("time-decimal-comma.xml: durations of 160 and 252 ms", async () => {
    const { send } = await project();
    const { run } = await send("time-decimal-comma.xml", handed("time-decimal-comma.xml"));
    expect((await getRun(run.id)).results.map((r) => [r.title, r.durationMs])).toEqual([
      ["Parses amount", 160],
      ["Rounds total", 252],
    ]);
  });

  test("rerun-in-one-report.xml: one result, passed and flaky, the failed attempt's output kept, durations not added", async () => {
    const { send } = await project();
    const summary = await send("rerun-in-one-report.xml", handed("rerun-in-one-report.xml"));
    expect(summary).toMatchObject({ tests: 2, passed: 2, failed: 0, flaky: 1, created: 2 });
    const result = await resultOf(summary.run.id, "Checkout timeout");
    expect(result).toMatchObject({ status: "PASSED", flaky: true, durationMs: 1190, note: "flaky: passed on a retry · Failed" });
    expect(result.output).toContain("cart_test.go:41: context deadline exceeded");
    expect(result.output).toContain("Attempt 2 of 2: passed");
  });

  test("suite-level-error.xml: the suite's error is a failed result, not an import that says all passed", async () => {
    const { send, projectId } = await project();
    const summary = await send("suite-level-error.xml", handed("suite-level-error.xml"));
    expect(summary).toMatchObject({ tests: 2, passed: 1, failed: 0, errors: 1 });
    const result = await resultOf(summary.run.id, "Suite set-up");
    expect(result).toMatchObject({ status: "FAILED", note: "error · could not collect tests: ImportError: no module named gateway" });
    expect(result.output).toContain("ImportError: no module named gateway");
    const suiteCase = await db().testCase.findFirstOrThrow({ where: { projectId, automationId: `payments.tests.${SUITE_CASE_NAME}` } });
    expect(suiteCase.title).toBe("Suite set-up");
  });

  test("failure-then-skipped.xml: failed, not skipped", async () => {
    const { send } = await project();
    const summary = await send("failure-then-skipped.xml", handed("failure-then-skipped.xml"));
    expect(summary).toMatchObject({ tests: 1, failed: 1, skipped: 0 });
    expect(await resultOf(summary.run.id, "Sends receipt")).toMatchObject({ status: "FAILED", note: "expected 1 message, got 0" });
  });

  test("time-is-a-timestamp.xml: stored without a duration, with a warning; never a 500", async () => {
    const { send } = await project();
    const summary = await send("time-is-a-timestamp.xml", handed("time-is-a-timestamp.xml"));
    expect(summary).toMatchObject({ tests: 1, failed: 1, warnings: [{ code: "duration-dropped", count: 1 }] });
    expect(summary.warnings[0]!.message).toContain('Engine.rendersTemplate: time="1,515,069,223.854" is 24 hours or more');
    expect(await resultOf(summary.run.id, "Renders template")).toMatchObject({ status: "FAILED", durationMs: null });
  });

  test("case-property-unknown.xml: references naming no case fall back to the automation id, with a warning", async () => {
    const { send, key, manual } = await project();
    // The file's project is CHK: here it is this project's key.
    const summary = await send("case-property-unknown.xml", handed("case-property-unknown.xml").replaceAll("CHK-", `${key}-`));
    expect(summary).toMatchObject({ tests: 3, matched: 1, created: 2, warnings: [{ code: "unknown-case", count: 2 }] });
    expect(summary.warnings[0]!.message).toContain('"C1042" (tests.test_checkout.test_pays_by_card)');
    expect(summary.warnings[0]!.message).toContain(`"${key}-99999999999" (tests.test_checkout.test_pays_by_invoice)`);
    expect((await getRun(summary.run.id)).results.find((r) => r.caseKey === manual.key)).toMatchObject({
      status: "PASSED",
      source: "IMPORT",
    });
  });
});

describe("a case reference naming no case of this project falls back to the automation id, with a warning", () => {
  const report = (reference: string) =>
    `<testsuite name="s"><testcase classname="tests.refs" name="test_ref"><properties><property name="test_id" value="${reference}"/></properties></testcase></testsuite>`;

  test("unknown, out of range, another project's, another tool's", async () => {
    const { send, key, version } = await project();
    const other = await project();
    for (const reference of [
      `${key}-9999`,
      `${key}-99999999999`,
      `${key}-0`,
      `${other.key}-1`,
      "C1042",
      "12",
      "TC-00042",
      "../../etc/passwd",
      "ＣＨＫ-１",
      "x".repeat(300),
    ]) {
      const summary = await send(`${unique("ref-")}.xml`, report(reference));
      expect(summary, reference).toMatchObject({ tests: 1, warnings: [{ code: "unknown-case", count: 1 }] });
      const [result] = (await getRun(summary.run.id)).results.filter((r) => r.title === "Ref");
      expect(result, reference).toMatchObject({ status: "PASSED" });
    }
    // Every one landed on the one case of that automation id.
    expect(await db().testCase.count({ where: { automationId: "tests.refs.test_ref", project: { key } } })).toBe(1);
    expect(version).toBeTruthy();
  });

  test("a key in any letter case, or another tool's id stored as a case's automation id, names that case", async () => {
    const { send, key, manual, slug, qa } = await project();
    const testRail = await createCase(qa, slug, { title: "Imported from TestRail", kind: "AUTOMATED", automationId: "C1042" });
    const summary = await send(
      "named.xml",
      `<testsuite name="s">
        <testcase classname="t" name="a"><properties><property name="shiproom.case" value="${key.toLowerCase()}-1"/></properties></testcase>
        <testcase classname="t" name="b"><properties><property name="test_id" value="C1042"/></properties></testcase>
      </testsuite>`,
    );
    expect(summary).toMatchObject({ tests: 2, matched: 2, created: 0, warnings: [] });
    const keys = (await getRun(summary.run.id)).results.filter((r) => r.source === "IMPORT").map((r) => r.caseKey);
    expect(keys.sort()).toEqual([manual.key, testRail.key].sort());
  });
});

describe("the same test again in a later report of the same run is a retry", () => {
  const report = (body: string, time: string) =>
    `<testsuite name="s"><testcase classname="example.org/shop/cart" name="TestCheckout" time="${time}">${body}</testcase></testsuite>`;

  test("a failure, then a pass in the next file: passed, flaky, both outputs kept, the last duration", async () => {
    const { send } = await project();
    const first = await send("shard-1.xml", report(`<failure message="timeout">context deadline exceeded</failure>`, "1.2"));
    expect(first).toMatchObject({ failed: 1, flaky: 0 });
    const second = await send("retry.xml", report(`<system-out>ok</system-out>`, "1.19"));
    expect(second).toMatchObject({ tests: 1, passed: 1, flaky: 1, matched: 1, changed: 1 });
    expect(second.run.id).toBe(first.run.id);
    const result = await resultOf(second.run.id, "Checkout");
    expect(result).toMatchObject({ status: "PASSED", flaky: true, durationMs: 1190 });
    expect(result.output).toBe("context deadline exceeded\nfailure: timeout\n\nThen in retry.xml: passed");
    const history = (await getResultDetail(second.run.id, result.id)).history.map((h) => [h.status, h.flaky]);
    expect(history).toEqual([
      ["FAILED", false],
      ["PASSED", true],
    ]);
  });

  test("a pass, then a failure: failed, and flaky", async () => {
    const { send } = await project();
    await send("first.xml", report("", "0.1"));
    const second = await send("second.xml", report(`<error message="boom"/>`, "0.2"));
    expect(second).toMatchObject({ errors: 1, flaky: 1 });
    expect(await resultOf(second.run.id, "Checkout")).toMatchObject({
      status: "FAILED",
      flaky: true,
      note: "error · flaky: failed, passed before · boom",
    });
  });

  test("flaky means failed and passed on one release in one environment: across its runs, not across environments", async () => {
    const { send } = await project();
    await send("dev.xml", report(`<failure message="timeout"/>`, "1"), "dev");
    const staging = await send("staging.xml", report("", "1"));
    expect(staging).toMatchObject({ passed: 1, flaky: 0 });
    await db().testRun.update({ where: { id: staging.run.id }, data: { closedAt: new Date() } });
    const next = await send("staging-again.xml", report(`<failure message="timeout"/>`, "1"));
    expect(next.run.id).not.toBe(staging.run.id);
    expect(next).toMatchObject({ failed: 1, flaky: 1 });
  });

  test("a new result in a signed-off run voids the sign-off", async () => {
    const { send, slug, qa, version } = await project();
    const run = await createRun(qa, slug, { release: version, environment: "staging", all: true });
    for (const result of (await getRun(run.id)).results) await recordResult(qa, run.id, result.id, { status: "PASSED" });
    await signOffRun(qa, run.id, { decision: "SIGNED_OFF", comment: "All green" }, settleAfterSignOff);
    await send("late.xml", report(`<failure message="regressed"/>`, "1"));
    expect((await getRun(run.id)).signOff?.voided?.reason).toBe("late.xml changed 1 result");
  });
});

describe("the files of one upload (?upload=) add up to a total that counts each test once", () => {
  const report = (...cases: string[]) => `<testsuite name="s">${cases.join("")}</testsuite>`;
  const checkout = (body = "") => `<testcase classname="shop.Cart" name="test_checkout">${body}</testcase>`;

  test("a failure in one file and a pass in a later one is one test, passed and flaky; a test in one file only counts once", async () => {
    const { slug, qa, version } = await project();
    const id = crypto.randomUUID();
    const send = (fileName: string, text: string) =>
      uploadResults(qa, slug, { release: version, environment: "staging", upload: id }, upload(fileName, text));
    const shard = await send(
      "shard.xml",
      report(checkout(`<failure message="timeout"/>`), `<testcase classname="shop.Cart" name="test_empty"/>`),
    );
    expect(shard.upload).toMatchObject({ files: 1, tests: 2, passed: 1, failed: 1, flaky: 0, created: 2, matched: 0 });
    const retry = await send(
      "retry.xml",
      report(checkout(), `<testcase classname="shop.Pay" name="test_refund"><error message="boom"/></testcase>`),
    );
    expect(retry).toMatchObject({ tests: 2, passed: 1, errors: 1, flaky: 1, created: 1, matched: 1 });
    expect(retry.upload).toEqual({
      files: 2,
      tests: 3,
      passed: 2,
      failed: 0,
      errors: 1,
      skipped: 0,
      flaky: 1,
      created: 3,
      matched: 0,
      warnings: [],
    });
    // The run page shows the total beside the upload's latest file.
    const imports = (await getRun(retry.run.id)).imports;
    expect(imports.map((i) => [i.fileName, i.upload?.tests ?? null])).toEqual([
      ["retry.xml", 3],
      ["shard.xml", null],
    ]);
    // The same file again changes nothing, and the total stays.
    const again = await send(
      "retry.xml",
      report(checkout(), `<testcase classname="shop.Pay" name="test_refund"><error message="boom"/></testcase>`),
    );
    expect(again).toMatchObject({ duplicate: true, upload: { files: 2, tests: 3 } });
    // Without an upload id, no total.
    expect(
      await uploadResults(qa, slug, { release: version, environment: "staging" }, upload("solo.xml", report(checkout()))),
    ).not.toHaveProperty("upload");
  });

  test("an upload id used for another run, or one that is no UUID, is refused with the field and stores nothing", async () => {
    const { slug, qa, version } = await project();
    const id = crypto.randomUUID();
    await uploadResults(qa, slug, { release: version, environment: "staging", upload: id }, upload("a.xml", report(checkout())));
    const runs = await db().testRun.count({ where: { project: { slug } } });
    for (const [environment, given] of [
      ["dev", id],
      ["staging", "not-a-uuid"],
    ] as const) {
      const error = await uploadResults(
        qa,
        slug,
        { release: version, environment, upload: given },
        upload("b.xml", report(checkout())),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(422);
      expect((error as AppError).fieldErrors.map((e) => e.field)).toEqual(["upload"]);
    }
    expect(await db().testRun.count({ where: { project: { slug } } })).toBe(runs);
  });
});

describe("a refused upload stores nothing: no run, no case, no audit event", () => {
  async function* huge() {
    const mb = Buffer.alloc(1024 * 1024, 32);
    yield Buffer.from("<testsuites>");
    for (let i = 0; i < 51; i++) yield mb;
  }
  test.each([
    ["a DOCTYPE", () => bytes(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuites/>`), 422, null],
    ["an empty body", () => bytes(), 422, null],
    ["malformed XML", () => bytes(`<testsuites>\n<testsuite name="a">\n<testcase name="b">\n</testsuites>`), 422, { line: 4 }],
    ["nesting deeper than 64", () => bytes(`<testsuites>${"<testsuite>".repeat(100)}`), 422, { line: 1 }],
    ["a body over 50 MB", huge, 413, null],
  ])("%s", async (_, body, status, at) => {
    const { slug, qa, version, projectId } = await project();
    const before = {
      runs: await db().testRun.count({ where: { projectId } }),
      cases: await db().testCase.count({ where: { projectId } }),
      suites: await db().testSuite.count({ where: { projectId } }),
      audit: await db().auditEvent.count({ where: { projectId } }),
    };
    const error = (await uploadResults(qa, slug, { release: version, environment: "staging" }, { body: body(), fileName: "x.xml" }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(status);
    expect(error.fieldErrors[0]).toMatchObject({ field: "file", ...(at ?? {}) });
    expect({
      runs: await db().testRun.count({ where: { projectId } }),
      cases: await db().testCase.count({ where: { projectId } }),
      suites: await db().testSuite.count({ where: { projectId } }),
      audit: await db().auditEvent.count({ where: { projectId } }),
    }).toEqual(before);
  });

  test("a declared size over 50 MB is refused before the body is read", async () => {
    const { slug, qa, version, projectId } = await project();
    let read = false;
    const body = (async function* () {
      read = true;
      yield Buffer.from("<testsuites/>");
    })();
    await expect(
      uploadResults(qa, slug, { release: version, environment: "staging" }, { body, declaredBytes: 200 * 1024 * 1024 }),
    ).rejects.toMatchObject({
      status: 413,
    });
    expect(read).toBe(false);
    expect(await db().testRun.count({ where: { projectId } })).toBe(0);
  });

  test("an empty report is accepted with 0 tests", async () => {
    const { send } = await project();
    for (const xml of ["<testsuites/>", `<testsuites tests="0"></testsuites>`, `<testsuites><testsuite name="a" tests="0"/></testsuites>`])
      expect(await send(`${unique("empty-")}.xml`, xml)).toMatchObject({ tests: 0, passed: 0, created: 0, warnings: [] });
  });
});

describe("cases made by an import read like cases", () => {
  const pathOf = async (suiteId: string | null): Promise<string> => {
    const names: string[] = [];
    for (let id = suiteId; id;) {
      const suite = await db().testSuite.findUniqueOrThrow({ where: { id } });
      names.unshift(suite.name);
      id = suite.parentId;
    }
    return names.join(" › ");
  };
  const casesOf = async (projectId: string) =>
    Promise.all(
      (await db().testCase.findMany({ where: { projectId, kind: "AUTOMATED" }, orderBy: { number: "asc" } })).map(async (c) => [
        c.automationId,
        c.title,
        await pathOf(c.suiteId),
      ]),
    );

  test("a readable title, and suites from the classname path without the shared prefix; cases imported before stay", async () => {
    const { send, projectId, slug, qa } = await project();
    // QA's own suite of that name is used, whatever its letter case.
    const [checkout] = await createSuite(qa, slug, { name: "checkout" });
    await send(
      "pytest.xml",
      `<testsuites><testsuite name="pytest">
        <testcase classname="tests.checkout.test_cart" name="test_update_quantity"/>
        <testcase classname="tests.checkout.test_cart" name="testAddItem"/>
        <testcase classname="tests.inventory.test_stock" name="test_stock_count"/>
      </testsuite></testsuites>`,
    );
    expect(await casesOf(projectId)).toEqual([
      ["tests.checkout.test_cart.test_update_quantity", "Update quantity", "checkout › Cart"],
      ["tests.checkout.test_cart.testAddItem", "Add item", "checkout › Cart"],
      ["tests.inventory.test_stock.test_stock_count", "Stock count", "Inventory › Stock"],
    ]);
    expect((await db().testCase.findFirstOrThrow({ where: { projectId, title: "Add item" } })).suiteId).not.toBe(checkout!.id);
    // A later report of one class shares a longer prefix: new cases go by it, the old ones stay.
    await send(
      "cart.xml",
      `<testsuite name="pytest"><testcase classname="tests.checkout.test_cart" name="test_update_quantity"/><testcase classname="tests.checkout.test_cart" name="test_remove"/></testsuite>`,
    );
    expect((await casesOf(projectId)).slice(-2)).toEqual([
      ["tests.inventory.test_stock.test_stock_count", "Stock count", "Inventory › Stock"],
      ["tests.checkout.test_cart.test_remove", "Remove", "Cart"],
    ]);
    const revision = await db().testCaseRevision.findFirstOrThrow({ where: { testCase: { projectId, title: "Remove" } } });
    expect(revision.snapshot).toMatchObject({ title: "Remove", suite: "Cart", automationId: "tests.checkout.test_cart.test_remove" });
    // The import writes the search text in SQL: it is the one every other write keeps.
    const { key } = await db().project.findUniqueOrThrow({ where: { id: projectId } });
    for (const c of await db().testCase.findMany({ where: { projectId, kind: "AUTOMATED" } }))
      expect(c.searchText).toBe(
        searchTextOf(`${key}-${c.number}`, { title: c.title, preconditions: null, steps: [], tags: c.tags, automationId: c.automationId }),
      );
  });

  test("Java, Go and nameless tests", async () => {
    const { send, projectId } = await project();
    await send(
      "mixed.xml",
      `<testsuites>
        <testsuite name="CartTest"><testcase classname="org.example.shop.cart.CartTest" name="addsItem()"/></testsuite>
        <testsuite name="PayTest"><testcase classname="org.example.shop.pay.PayTest" name="paysByCard"/></testsuite>
      </testsuites>`,
    );
    await send("go.xml", handed("rerun-in-one-report.xml"));
    await send("bare.xml", `<testsuites><testcase name="smoke"/></testsuites>`);
    expect(await casesOf(projectId)).toEqual([
      ["org.example.shop.cart.CartTest.addsItem()", "Adds item", "Cart › Cart test"],
      ["org.example.shop.pay.PayTest.paysByCard", "Pays by card", "Pay › Pay test"],
      ["example.org/shop/cart.TestAddItem", "Add item", "Cart"],
      ["example.org/shop/cart.TestCheckoutTimeout", "Checkout timeout", "Cart"],
      ["smoke", "Smoke", "Imported from JUnit"],
    ]);
  });
});

describe("uploads at once", () => {
  test("two runs importing the same new tests at once make each case once", async () => {
    const { slug, qa, version, projectId } = await project();
    const runs = await Promise.all(
      ["dev", "staging"].map((environment) => createRun(qa, slug, { release: version, environment, all: true })),
    );
    const xml = `<testsuite name="s">${Array.from({ length: 50 }, (_, i) => `<testcase classname="tests.race" name="test_${i}"/>`).join("")}</testsuite>`;
    const summaries = await Promise.all(runs.map((run) => importJunit(qa, run.id, upload("race.xml", xml))));
    expect(summaries.map((s) => s.created + s.matched)).toEqual([50, 50]);
    expect(summaries.map((s) => s.created).sort()).toEqual([0, 50]);
    expect(await db().testCase.count({ where: { projectId, automationId: { startsWith: "tests.race." } } })).toBe(50);
  });
});

/** A report of `count` tests in 100 classes, every 25th failing. */
function largeReport(count: number): string[] {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>`];
  for (let i = 0; i < count; i++) {
    if (i % 1000 === 0) parts.push(`${i ? "</testsuite>" : ""}<testsuite name="suite${i / 1000}">`);
    parts.push(
      `<testcase classname="com.shop.module${i % 100}.Test${i % 100}" name="test_${i}" time="0.0${i % 90}">${i % 25 === 0 ? `<failure message="expected 10 but was 9">at Test.check(Test.java:${i})</failure>` : ""}</testcase>`,
    );
  }
  parts.push("</testsuite></testsuites>");
  return parts;
}

/**
 * Makes the planner believe the tables an import reads hold one row in all their pages, as it does
 * when autovacuum analyzed them while a large import was still writing (it samples committed rows
 * only), and keeps it so (no autovacuum) until the file's database goes.
 */
async function staleStatistics() {
  for (const table of ["TestCase", "TestResult", "TestResultEvent", "TestSuite", "TestCaseRevision"]) {
    await db().$executeRawUnsafe(`alter table "${table}" set (autovacuum_enabled = false)`);
    await db().$executeRawUnsafe(
      `update pg_class set reltuples = 1, relpages = greatest(1, pg_relation_size(oid) / 8192) where oid = '"${table}"'::regclass`,
    );
  }
}

describe("large reports", () => {
  test(
    "a report of more tests than PostgreSQL takes parameters (65,535) is imported: lists go as one array each",
    { timeout: 600_000 },
    async () => {
      const { slug, qa, version } = await project();
      const parts = largeReport(70_000);
      const first = await uploadResults(
        qa as Actor,
        slug,
        { release: version, environment: "staging" },
        { body: bytes(parts.join("\n")), fileName: "big.xml" },
      );
      expect(first).toMatchObject({ tests: 70_000, created: 70_000, failed: 2800, passed: 67_200 });
      // The second import must not depend on fresh statistics: a nested loop over two 70,000-row
      // sides ran past the five-minute limit in CI.
      await staleStatistics();
      parts[3] = parts[3]!.replace(`name="test_1" time="0.01">`, `name="test_1" time="0.01"><skipped/>`);
      const again = await uploadResults(
        qa as Actor,
        slug,
        { release: version, environment: "staging" },
        { body: bytes(parts.join("\n")), fileName: "again.xml" },
      );
      expect(again).toMatchObject({ tests: 70_000, matched: 70_000, created: 0, skipped: 1, passed: 67_199, changed: 1 });
      expect(again.run.id).toBe(first.run.id);
      expect((await getRun(first.run.id)).counts).toMatchObject({ PASSED: 67_199, FAILED: 2800, SKIPPED: 1 });
    },
  );
});
