import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { ValidationFailed } from "@/lib/http/errors";
import { uploadResults } from "@/lib/junit/import";
import { createRelease } from "@/lib/releases/mutations";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { getRun } from "@/lib/test-runs/queries";
import { exportCases, importCases } from "./csv-import";
import { createCase, updateCase } from "./mutations";
import { getCase, listCases } from "./queries";

setupTestDatabase();

async function project() {
  const pipeline = await makePipeline();
  const qa = await makeActor(["QA"]);
  const { key } = await db().project.findUniqueOrThrow({ where: { id: pipeline.projectId } });
  const count = () => db().testCase.count({ where: { projectId: pipeline.projectId } });
  return { ...pipeline, qa, key, count };
}

const TESTRAIL_HEADER = "ID,Title,Section,Section Hierarchy,Priority,Type,Preconditions,Steps,Expected Result,References";
const testRail = (rows: string[]) => [TESTRAIL_HEADER, ...rows].join("\n");

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("importing a CSV of cases", () => {
  test("a preview says what would be made and writes nothing; apply writes it with revisions, suites and one audit entry", async () => {
    const { slug, qa, count, projectId, key } = await project();
    const file = testRail([
      'C1042,Pay by card,Payments,Checkout > Payments,Critical,Functional,Logged in,"Open the cart, pay",Receipt shown,JIRA-1',
      "C1043,Refund,Refunds,Checkout > Refunds,Low,Regression,,Ask for a refund,Refund issued,",
    ]);
    const preview = await importCases(qa, slug, file, false);
    expect(preview).toMatchObject({
      format: "testrail",
      applied: false,
      rows: 2,
      create: 2,
      update: 0,
      unchanged: 0,
      problemCount: 0,
      newSuites: ["Checkout / Payments", "Checkout / Refunds"],
    });
    expect(await count()).toBe(0);
    expect(await db().testSuite.count({ where: { projectId } })).toBe(0);

    const applied = await importCases(qa, slug, file, true);
    expect(applied).toMatchObject({ applied: true, create: 2, cases: [{ key: `${key}-1`, externalId: "C1042" }, { key: `${key}-2` }] });
    const paid = await getCase(slug, `${key}-1`);
    expect(paid).toMatchObject({
      title: "Pay by card",
      externalId: "C1042",
      priority: "CRITICAL",
      kind: "MANUAL",
      tags: ["ref:jira-1", "type:functional"],
      preconditions: "Logged in",
      steps: [{ action: "Open the cart, pay", expected: "Receipt shown" }],
      suite: { name: "Payments" },
      revision: 1,
      revisions: [{ revision: 1, author: expect.any(String), changed: expect.arrayContaining(["title", "steps"]) }],
    });
    expect((await listCases(slug, { q: "C1042" })).cases.map((c) => c.key)).toEqual([`${key}-1`]);
    const audit = await db().auditEvent.findMany({ where: { projectId, action: "cases.csv_imported" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ created: 2, updated: 0, format: "testrail" });

    // The same file again changes nothing; an edited one updates the cases it made, by external id.
    expect(await importCases(qa, slug, file, true)).toMatchObject({ create: 0, update: 0, unchanged: 2 });
    const edited = await importCases(qa, slug, file.replace("Pay by card", "Pay by saved card"), true);
    expect(edited).toMatchObject({ create: 0, update: 1, unchanged: 1, cases: [{ key: `${key}-1`, changed: ["title"] }] });
    expect(await count()).toBe(2);
    expect(await getCase(slug, `${key}-1`)).toMatchObject({ title: "Pay by saved card", revision: 2 });
  });

  test("all or nothing: two bad rows are reported with row and column, and nothing is written", async () => {
    const { slug, qa, count } = await project();
    const rows = Array.from({ length: 50 }, (_, i) => `C${i + 1},Case ${i + 1},S,,${i === 16 ? "Urgentish" : "Medium"},,,Do,Done,`);
    rows[30] = "C31,,S,,High,,,Do,Done,";
    const preview = await importCases(qa, slug, testRail(rows), false);
    expect(preview).toMatchObject({ create: 48, problemCount: 2 });
    expect(preview.problems).toEqual([
      { row: 18, column: "Priority", message: "'Urgentish' is not one of Critical, High, Medium, Low" },
      { row: 32, column: "Title", message: "Enter a title" },
    ]);
    const error = await importCases(qa, slug, testRail(rows), true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).fieldErrors).toEqual([
      { field: "Priority", message: "Row 18: 'Urgentish' is not one of Critical, High, Medium, Low", line: 18 },
      { field: "Title", message: "Row 32: Enter a title", line: 32 },
    ]);
    expect(await count()).toBe(0);
    expect(await db().testSuite.count({ where: { project: { slug } } })).toBe(0);
  });

  test("a write that fails part-way leaves nothing written", async () => {
    const { slug, qa, count, projectId } = await project();
    // A step the database refuses (a check made for this test) on the last of 1,500 rows, after a batch of 1,000 was written.
    await db().$executeRawUnsafe(`alter table "TestStep" add constraint no_boom check (action <> 'boom')`);
    const rows = Array.from({ length: 1500 }, (_, i) => `C${i + 1},Case ${i + 1},Bulk,,Medium,,,${i === 1499 ? "boom" : "Do"},Done,`);
    await expect(importCases(qa, slug, testRail(rows), true)).rejects.toThrow();
    expect(await count()).toBe(0);
    expect(await db().testSuite.count({ where: { projectId } })).toBe(0);
    expect((await db().project.findUniqueOrThrow({ where: { id: projectId } })).caseSeq).toBe(0);
    await db().$executeRawUnsafe(`alter table "TestStep" drop constraint no_boom`);
  });

  test("keys, external and automation ids: unknown, duplicated or another case's are problems", async () => {
    const { slug, qa, key } = await project();
    const one = await createCase(qa, slug, { title: "One", kind: "AUTOMATED", automationId: "tests.one" });
    await createCase(qa, slug, { title: "Two" });
    const read = await importCases(
      qa,
      slug,
      [
        "Key,Title,Automation id,External id",
        `${key}-2,Two,tests.one,`,
        `${key}-99,Ghost,,`,
        `ZZZ-1,Elsewhere,,`,
        `,Twin A,,X-1`,
        `,Twin B,,X-1`,
        `,New by automation id,tests.one,`,
      ].join("\n"),
      false,
    );
    expect(read.problems).toEqual([
      { row: 2, column: "Automation id", message: `Already the automation id of ${one.key}` },
      { row: 3, column: "Key", message: `There is no case ${key}-99 to update` },
      { row: 4, column: "Key", message: `ZZZ-1 is not a case of this project (keys here read ${key}-12)` },
      { row: 6, column: "External id", message: "'X-1' is also on row 5" },
      { row: 7, column: "Automation id", message: "'tests.one' is also on row 2" },
    ]);
    // A row whose key names no case of this project is a problem only, never a case to create.
    expect(read.cases.filter((c) => c.action === "create").map((c) => c.row)).toEqual([5, 6]);
    expect(read.create).toBe(2);
  });

  test("columns a file leaves out keep the case's values; a key updates that case", async () => {
    const { slug, qa, key } = await project();
    const made = await createCase(qa, slug, {
      title: "Pay",
      tags: ["smoke"],
      priority: "HIGH",
      steps: [{ action: "Open", expected: "Shown" }],
    });
    const result = await importCases(qa, slug, `Key,Title\n${made.key},Pay by card\n`, true);
    expect(result).toMatchObject({ update: 1, cases: [{ key: `${key}-1`, changed: ["title"] }] });
    expect(await getCase(slug, made.key)).toMatchObject({ title: "Pay by card", tags: ["smoke"], priority: "HIGH", revision: 2 });
    // New steps replace the old, in a revision saying so.
    expect(await importCases(qa, slug, `Key,Title,Steps\n${made.key},Pay by card,"Open | Shown\nPay | Paid"\n`, true)).toMatchObject({
      update: 1,
    });
    expect(await getCase(slug, made.key)).toMatchObject({
      title: "Pay by card",
      steps: [
        { action: "Open", expected: "Shown" },
        { action: "Pay", expected: "Paid" },
      ],
      revision: 3,
      revisions: [
        { revision: 3, changed: ["steps"], author: qa.label.split(" <")[0] },
        { revision: 2, changed: ["title"] },
        { revision: 1 },
      ],
    });
  });

  test("an update whose kept values make an invalid case is a problem: an automated case loses its automation id", async () => {
    const { slug, qa } = await project();
    const auto = await createCase(qa, slug, { title: "Auto", kind: "AUTOMATED", automationId: "tests.auto" });
    const read = await importCases(qa, slug, `Key,Title,Automation id\n${auto.key},Auto,\n`, false);
    expect(read.problems).toEqual([
      { row: 2, column: "Automation id", message: expect.stringContaining(`With ${auto.key}'s own values: An automated case needs`) },
    ]);
  });

  test("a member who is not QA imports (as they edit the library); the file's own faults are a 422 on the file", async () => {
    const { slug } = await project();
    const dev = await makeActor(["DEVELOPER"]);
    expect(await importCases(dev, slug, "Title\nA case\n", true)).toMatchObject({ create: 1 });
    const error = (await importCases(dev, slug, "Name\nx\n", false).catch((e: unknown) => e)) as ValidationFailed;
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(error.fieldErrors[0]).toMatchObject({ field: "file", line: 1, message: expect.stringContaining("no Title column") });
  });
});

describe("exporting the library", () => {
  test("an export re-imports unchanged; a filter exports its part only", async () => {
    const { slug, qa, key } = await project();
    await importCases(
      qa,
      slug,
      testRail([
        'C1,"=Formula-like, title",Payments,Checkout > Payments,High,Smoke,"Multi\nline",Open,Shown,',
        "C2,Refund,Refunds,,Low,,,,,",
        'C3,Pay by link,Payments,Checkout > Payments,Medium,,,"Open page 1\nClick pay | now",Order 1 placed,',
      ]),
      true,
    );
    const automated = await createCase(qa, slug, {
      title: "Automated one",
      kind: "AUTOMATED",
      automationId: "tests.auto",
      tags: ["smoke", "area:pay"],
      steps: [
        { action: "Go", expected: "" },
        { action: "-Check", expected: "Fine" },
      ],
    });
    await updateCase(qa, slug, automated.key, { ...automated, preconditions: undefined, suiteId: null, revision: 1, priority: "CRITICAL" });
    const { stream, filename } = await exportCases(slug, {});
    expect(filename).toMatch(new RegExp(`^${key.toLowerCase()}-cases-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const csv = await text(stream);
    expect(csv.split("\n")[0]).toBe("Key,Title,Suite,Priority,Kind,Tags,Preconditions,Steps,Automation id,External id");
    expect(csv).toContain(`${key}-1,"'=Formula-like, title",Checkout / Payments,HIGH,MANUAL,type:smoke,"Multi\nline",Open | Shown,,C1`);
    // A step of two lines, with a bar in it, as TestRail's one-step cell gave it.
    expect(csv).toContain(`"Open page 1\n  Click pay \\| now | Order 1 placed"`);
    const before = await db().testCaseRevision.count({ where: { testCase: { project: { slug } } } });
    expect(await importCases(qa, slug, csv, true)).toMatchObject({
      format: "shiproom",
      create: 0,
      update: 0,
      unchanged: 4,
      problemCount: 0,
    });
    expect(await db().testCaseRevision.count({ where: { testCase: { project: { slug } } } })).toBe(before);

    // A filter that is no filter is named, in words.
    await expect(exportCases(slug, { priority: ["NOPE"] })).rejects.toMatchObject({
      status: 422,
      fieldErrors: [{ field: "priority.0", message: "Priority is LOW, MEDIUM, HIGH or CRITICAL" }],
    });
    const filtered = await text((await exportCases(slug, { priority: ["CRITICAL"] })).stream);
    expect(parse(filtered).slice(1)).toEqual([
      [automated.key, "Automated one", "", "CRITICAL", "AUTOMATED", "area:pay, smoke", "", "Go\n-Check | Fine", "tests.auto", ""],
    ]);
  });
});

describe("JUnit names an imported TestRail case", () => {
  test("test_id=C1042 lands on the case imported from TestRail's C1042", async () => {
    const { slug, qa, key } = await project();
    await importCases(qa, slug, testRail(["C1042,Pay by card,Payments,,High,,,Pay,Paid,"]), true);
    const version = unique("v");
    await createRelease(await makeActor(["DEVELOPER"]), slug, { version, commitSha: "abcdef1234" });
    async function* bytes() {
      yield Buffer.from(
        `<testsuite name="s"><testcase classname="t" name="pays"><properties><property name="test_id" value="C1042"/></properties></testcase></testsuite>`,
      );
    }
    const summary = await uploadResults(qa, slug, { release: version, environment: "staging" }, { body: bytes(), fileName: "r.xml" });
    expect(summary).toMatchObject({ tests: 1, matched: 1, created: 0, warnings: [] });
    expect((await getRun(summary.run.id)).results.map((r) => r.caseKey)).toEqual([`${key}-1`]);
  });
});
