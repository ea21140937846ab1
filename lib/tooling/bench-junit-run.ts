// Run by `npm run bench` (bench-junit.ts) in a fresh process, so its memory is its own:
//   ingest <pglite dir | postgres url> <first> <again> — 100,000-testcase reports: new cases, then matched,
//                                                      in a process that has imported a small report before, as a server has
//   fresh <pglite dir | postgres url> <first>          — the same new cases as the process's very first import (a server
//                                                      just started: the import's code loads and runs for the first time)
//   refuse <pglite dir>                              — hostile uploads, each refused
// Prints one JSON line of figures.
import fs from "node:fs";
import path from "node:path";
import { memberActor } from "@/lib/auth/actor";
import { bindDatabase, prismaFor } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/connection";
import { applyMigrations } from "@/lib/db/migrate";
import { AppError } from "@/lib/http/errors";
import { uploadResults } from "@/lib/junit/import";
import { measured } from "./measured";

const [mode, where, first, again] = process.argv.slice(2) as ["ingest" | "fresh" | "refuse", string, string?, string?];
const opened = await openDatabase(where.startsWith("postgres") ? { kind: "postgres", url: where } : { kind: "pglite", dataDir: where });
await applyMigrations(opened.sql);
bindDatabase(opened, prismaFor(opened));
const [qa] = await opened.sql.query<{ id: string }>(`
  with member as (insert into "Member" (id, email, name, roles, "updatedAt") values (gen_random_uuid(), 'qa@bench.test', 'Bench QA', '{QA}', now()) returning id),
  project as (insert into "Project" (id, slug, key, name) values (gen_random_uuid(), 'bench-junit', 'BJ', 'Bench JUnit') returning id),
  env as (insert into "Environment" (id, "projectId", name, position, "updatedAt") select gen_random_uuid(), id, 'staging', 1, now() from project),
  release as (insert into "Release" (id, "projectId", version, "commitSha", "createdById") select gen_random_uuid(), project.id, 'v1.0.0', 'abcdef1', member.id from project, member)
  select id from member`);
const actor = memberActor({ id: qa!.id, name: "Bench QA", email: "qa@bench.test", roles: ["QA"] });
const query = { release: "v1.0.0", environment: "staging" };

async function* repeated(head: string, piece: string, bytes: number) {
  yield Buffer.from(head);
  const chunk = Buffer.from(piece.repeat(Math.ceil((64 * 1024) / piece.length)));
  for (let sent = 0; sent < bytes; sent += chunk.length) yield chunk;
}

const upload = (file: string) =>
  uploadResults(actor, "bench-junit", query, { body: fs.createReadStream(file), fileName: path.basename(file) });
const figures = (m: { ms: number; rssGrowthMb: number; baselineMb: number; result: { tests: number; created: number } }) => ({
  ms: m.ms,
  rssGrowthMb: m.rssGrowthMb,
  baselineMb: m.baselineMb,
  tests: m.result.tests,
  created: m.result.created,
});

if (mode === "fresh") {
  process.stdout.write(`${JSON.stringify({ first: figures(await measured(() => upload(first!))) })}\n`);
} else if (mode === "ingest") {
  const warmUp = `<testsuite name="warm-up">${Array.from({ length: 1000 }, (_, i) => `<testcase classname="warm.Up" name="test_${i}"/>`).join("")}</testsuite>`;
  await uploadResults(actor, "bench-junit", query, {
    body: (async function* () {
      yield Buffer.from(warmUp);
    })(),
    fileName: "warm-up.xml",
  });
  const created = await measured(() => upload(first!));
  const matched = await measured(() => upload(again!));
  process.stdout.write(`${JSON.stringify({ first: figures(created), again: figures(matched) })}\n`);
} else {
  const hostile: [string, () => { body: AsyncIterable<Uint8Array>; declaredBytes?: number }][] = [
    ["1,000,000 nested elements (7 MB)", () => ({ body: repeated("<testsuites>", "<suite>", 7_000_000) })],
    ["one 45 MB attribute", () => ({ body: repeated(`<testsuites><testsuite name="`, "x", 45 * 1024 * 1024) })],
    ["a 45 MB DOCTYPE", () => ({ body: repeated(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "`, "x", 45 * 1024 * 1024) })],
    ["200 MB, size declared", () => ({ body: repeated("<testsuites>", " ", 200 * 1024 * 1024), declaredBytes: 200 * 1024 * 1024 })],
    ["200 MB, size not declared", () => ({ body: repeated("<testsuites>", "<!-- padding -->", 200 * 1024 * 1024) })],
  ];
  const rows = [];
  for (const [what, upload] of hostile) {
    const m = await measured(() =>
      uploadResults(actor, "bench-junit", query, upload()).then(
        () => 200,
        (e: unknown) => (e instanceof AppError ? e.status : 500),
      ),
    );
    rows.push({ what, status: m.result, ms: m.ms, rssGrowthMb: m.rssGrowthMb });
  }
  const four = await measured(() =>
    Promise.all(
      hostile
        .slice(0, 1)
        .flatMap(([, upload]) =>
          Array.from({ length: 4 }, () => uploadResults(actor, "bench-junit", query, upload()).catch((e: AppError) => e.status)),
        ),
    ),
  );
  rows.push({
    what: "4 × 1,000,000 nested elements at once",
    status: (four.result as number[])[0],
    ms: four.ms,
    rssGrowthMb: four.rssGrowthMb,
  });
  process.stdout.write(`${JSON.stringify(rows)}\n`);
}
await opened.sql.close();
process.exit(0);
