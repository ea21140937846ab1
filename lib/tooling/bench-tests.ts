// The test-management half of `npm run bench`, on a database that bench.ts opened and bound:
//   - JUnit ingest: a 10,000-testcase report (first time: creates the cases; again: matches them)
//   - memory while ingesting a 50 MB report (streamed from a file)
//   - opening a run of 5,000 results
//   - library search over 20,000 cases
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { memberActor, type Actor } from "@/lib/auth/actor";
import type { SqlRunner } from "@/lib/db/connection";
import { importJunit } from "@/lib/junit/import";
import { listCases } from "@/lib/test-cases/queries";
import { createRun } from "@/lib/test-runs/mutations";
import { getRun } from "@/lib/test-runs/queries";

type Record = (metric: string, engine: string, samples: number[], target: string) => void;

const WORDS = [
  "cart",
  "checkout",
  "payment",
  "card",
  "refund",
  "discount",
  "coupon",
  "invoice",
  "shipping",
  "address",
  "login",
  "password",
  "email",
  "receipt",
  "tax",
  "currency",
  "order",
  "basket",
  "wallet",
  "voucher",
  "declined",
  "saved",
  "guest",
  "account",
  "search",
  "filter",
  "price",
  "stock",
  "return",
  "delivery",
];

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/** A JUnit report of `count` test cases: about 4% failing with a stack trace, 1% skipped. */
export function junitReport(count: number, variant: number, outputBytes = 0): string {
  const filler = outputBytes > 0 ? "x".repeat(outputBytes - 40) : "";
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">`];
  for (let suite = 0; suite < count / 100; suite++) {
    parts.push(`<testsuite name="com.shop.module${suite % 50}.Suite${suite}" tests="100">`);
    for (let i = suite * 100; i < suite * 100 + 100; i++) {
      const failing = (i + variant) % 25 === 0;
      const skipped = i % 100 === 7;
      const body = failing
        ? `<failure message="expected 10.0 but was 9.99" type="AssertionError">AssertionError: expected 10.0 but was 9.99\n  at com.shop.Test${i}.check(Test${i}.java:${i % 300})\n</failure>`
        : skipped
          ? `<skipped message="disabled"/>`
          : "";
      const out = filler ? `<system-out>run ${i}: ${filler}</system-out>` : "";
      parts.push(
        `<testcase classname="com.shop.module${suite % 50}.Test${suite}" name="test_${WORDS[i % WORDS.length]}_${i}" time="0.0${i % 90}">${body}${out}</testcase>`,
      );
    }
    parts.push(`</testsuite>`);
  }
  parts.push(`</testsuites>\n`);
  return parts.join("\n");
}

async function* chunksOf(text: string) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
}

/** 20,000 cases worded like a real library, 5,000 of them tagged for a big run. */
async function seedLibrary(sql: SqlRunner, slug: string) {
  const words = `(array[${WORDS.map((w) => `'${w}'`).join(",")}])`;
  await sql.exec(`
    with project as (select id, key from "Project" where slug = '${slug}'),
    numbered as (select n from generate_series(1, 20000) as n)
    insert into "TestCase" (id, "projectId", number, title, "searchText", tags, priority, kind, revision, "updatedAt")
    select gen_random_uuid(), project.id, 1000 + n,
           initcap(${words}[1 + n % 30]) || ' ' || ${words}[1 + (n * 7) % 30] || ' with ' || ${words}[1 + (n * 13) % 30] || ' #' || n,
           project.key || '-' || (1000 + n) || E'\\n' || ${words}[1 + n % 30] || ' ' || ${words}[1 + (n * 7) % 30] || ' with ' || ${words}[1 + (n * 13) % 30]
             || E'\\nOpen the ' || ${words}[1 + (n * 3) % 30] || ' page' || E'\\nThe ' || ${words}[1 + (n * 11) % 30] || ' is shown'
             || E'\\n' || ${words}[1 + (n * 17) % 30],
           case when n <= 5000 then array['run5k', ${words}[1 + (n * 17) % 30]] else array[${words}[1 + (n * 17) % 30]] end,
           (array['LOW','MEDIUM','HIGH','CRITICAL'])[1 + n % 4]::"CasePriority", 'MANUAL', 1, now()
    from project, numbered`);
  await sql.exec(`update "Project" set "caseSeq" = 21000 where slug = '${slug}'`);
  await sql.exec(`
    insert into "TestCaseRevision" (id, "caseId", revision, snapshot, "authorKind")
    select gen_random_uuid(), id, 1, jsonb_build_object('title', title, 'steps', '[]'::jsonb, 'tags', to_jsonb(tags), 'changed', '[]'::jsonb), 'SYSTEM'
    from "TestCase" where "projectId" = (select id from "Project" where slug = '${slug}')`);
}

/**
 * Streams reports of the same 10,000 tests but different sizes through the parser, each in a
 * fresh process capped at a 48 MB heap: the 49 MB report must fit, and what stays in memory
 * after it is read (the parsed results) must not grow with the file.
 */
export function benchParserMemory(record: Record, log: (line: string) => void) {
  for (const outputBytes of [300, 5000]) {
    const file = path.join(os.tmpdir(), `shiproom-bench-mem-${outputBytes}-${process.pid}.xml`);
    fs.writeFileSync(file, junitReport(10_000, 5, outputBytes));
    const out = execFileSync(
      path.join("node_modules", ".bin", "tsx"),
      ["--expose-gc", "--max-old-space-size=48", "lib/tooling/bench-memory.ts", file],
      {
        encoding: "utf8",
      },
    );
    fs.rmSync(file, { force: true });
    const m = JSON.parse(out) as { cases: number; ms: number; fileMb: number; peakRssMb: number; peakHeapMb: number; retainedMb: number };
    log(
      `parser: ${m.fileMb} MB report, ${m.cases.toLocaleString("en")} cases, heap capped at 48 MB: ${m.ms} ms, peak heap ${m.peakHeapMb} MB, retained ${m.retainedMb} MB, peak RSS ${m.peakRssMb} MB`,
    );
    record(`parse a ${m.fileMb} MB report, 48 MB heap cap`, "-", [m.ms], `retained ${m.retainedMb} MB, peak heap ${m.peakHeapMb} MB`);
  }
}

export async function benchTestManagement(engine: string, sql: SqlRunner, record: Record, log: (line: string) => void) {
  const qaMember = (
    await sql.query<{ id: string }>(
      `insert into "Member" (id, email, name, roles, "updatedAt") values (gen_random_uuid(), 'qa@bench.test', 'Bench QA', '{QA}', now()) returning id`,
    )
  )[0]!;
  const qa: Actor = memberActor({ id: qaMember.id, name: "Bench QA", email: "qa@bench.test", roles: ["QA"] });
  const slug = "bench-1";

  // Library search over 20,000 cases.
  const [, seeded] = await timed(() => seedLibrary(sql, slug));
  log(`${engine}: seeded 20,000 test cases in ${(seeded / 1000).toFixed(1)} s`);
  const queries: object[] = [
    { q: "pay" },
    { q: "card declined" },
    { q: "refund with" },
    { q: "voucher", tags: ["run5k"] },
    { q: "shipping address", priority: ["HIGH"] },
    { q: "wallet page" },
  ];
  for (const query of queries) await listCases(slug, query);
  const searches: number[] = [];
  for (let i = 0; i < 40; i++) for (const query of queries) searches.push((await timed(() => listCases(slug, query)))[1]);
  const sample = await listCases(slug, { q: "card declined" });
  log(`${engine}: "card declined" finds ${sample.total.toLocaleString("en")} of 20,000 cases`);
  record("library search, 20,000 cases", engine, searches, "p95 ≤ 100 ms");

  // Opening a run of 5,000 results.
  const [run5k, created] = await timed(() => createRun(qa, slug, { release: "v1.200.0", environment: "staging", tags: ["run5k"] }));
  log(`${engine}: created a run of ${run5k.total.toLocaleString("en")} results in ${(created / 1000).toFixed(2)} s`);
  await getRun(run5k.id);
  const opens: number[] = [];
  for (let i = 0; i < 30; i++) opens.push((await timed(() => getRun(run5k.id)))[1]);
  record("open a run of 5,000 results", engine, opens, "≤ 1000 ms");

  // Ingesting a 10,000-testcase report: once creating every case, then matching them all.
  const ingestRun = await createRun(qa, slug, { release: "v1.199.0", environment: "staging", tags: ["run5k"] });
  const first = junitReport(10_000, 0);
  const [summary, firstMs] = await timed(() => importJunit(qa, ingestRun.id, { body: chunksOf(first), fileName: "first.xml" }));
  log(
    `${engine}: first 10,000-testcase report (${(first.length / 1024 / 1024).toFixed(1)} MB): created ${summary.created.toLocaleString("en")} cases`,
  );
  const second = junitReport(10_000, 3);
  const [again, secondMs] = await timed(() => importJunit(qa, ingestRun.id, { body: chunksOf(second), fileName: "second.xml" }));
  log(`${engine}: next report matched ${again.matched.toLocaleString("en")}, changed ${again.changed.toLocaleString("en")} results`);
  record("ingest 10,000-testcase report, new cases", engine, [firstMs], "≤ 3000 ms (PostgreSQL)");
  record("ingest 10,000-testcase report, matched", engine, [secondMs], "≤ 3000 ms (PostgreSQL)");

  // A 50 MB report ingested from a file stream, with how much this (long-lived) process grew.
  const file = path.join(os.tmpdir(), `shiproom-bench-50mb-${process.pid}.xml`);
  fs.writeFileSync(file, junitReport(10_000, 5, 5000));
  const size = fs.statSync(file).size;
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const bigRun = await createRun(qa, slug, { release: "v1.198.0", environment: "staging", tags: ["run5k"] });
  const [big, bigMs] = await timed(() => importJunit(qa, bigRun.id, { body: fs.createReadStream(file), fileName: "big.xml" }));
  clearInterval(sampler);
  fs.rmSync(file, { force: true });
  const growthMb = (peak - baseline) / 1024 / 1024;
  log(
    `${engine}: a ${(size / 1024 / 1024).toFixed(1)} MB report (${big.tests.toLocaleString("en")} cases) ingested in ${(bigMs / 1000).toFixed(2)} s; peak memory grew by ${growthMb.toFixed(0)} MB over ${(baseline / 1024 / 1024).toFixed(0)} MB`,
  );
  record(
    `ingest a ${(size / 1024 / 1024).toFixed(0)} MB report`,
    engine,
    [bigMs],
    `memory +${growthMb.toFixed(0)} MB (file ${(size / 1024 / 1024).toFixed(0)} MB)`,
  );
}
