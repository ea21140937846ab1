// Server CPU per registration and per approval: the process's own CPU time (process.cpuUsage) for
// `createRelease` (which also lands the release in dev, automatically) and for one ops approval of
// a production promotion that needs two, each called in-process as the API handlers call them. On
// PGlite the database runs in this process, so its work is counted; on PostgreSQL only this
// process's (the server's own is not). Runs as a part of `npm run bench` (BENCH_ONLY=cpu) and alone
// (`tsx --conditions=react-server lib/tooling/bench-cpu.ts`), which prints the same table; alone it
// uses only functions older commits have too, so the side-by-side bench can run it on them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bindDatabase, prismaFor } from "@/lib/db/client";
import { openDatabase, type OpenedDatabase } from "@/lib/db/connection";
import { applyMigrations } from "@/lib/db/migrate";
import { approvePromotion, reportDeployment, requestPromotion } from "@/lib/promotions/mutations";
import { createRelease } from "@/lib/releases/mutations";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { createDatabase } from "./postgres";

type Record = (metric: string, engine: string, samples: number[], target: string, result?: string) => void;

const OPERATIONS = Number(process.env.BENCH_CPU_OPERATIONS ?? 40);
const WARM_UP = 5;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function measure(engine: string, opened: OpenedDatabase, record: Record) {
  await applyMigrations(opened.sql);
  const prisma = bindDatabase(opened, prismaFor(opened));
  const { slug } = await makePipeline({ production: { approvalRules: [{ role: "OPS", minCount: 2 }] } });
  const dev = await makeActor(["DEVELOPER"]);
  const [ops1, ops2] = [await makeActor(["OPS"]), await makeActor(["OPS"])];
  const registrations: number[] = [];
  const approvals: number[] = [];
  for (let i = 0; i < WARM_UP + OPERATIONS; i++) {
    const version = `v${i}.0.0`;
    let started = cpuMs();
    const release = await createRelease(dev, slug, { version, commitSha: `${i}`.padStart(12, "0") });
    if (i >= WARM_UP) registrations.push(cpuMs() - started);
    const inDev = await prisma.deployment.findFirstOrThrow({ where: { releaseId: release.id, environment: { name: "dev" } } });
    await reportDeployment(ops1, inDev.id, { status: "succeeded" });
    const staging = await requestPromotion(dev, slug, { release: version, environment: "staging" });
    await reportDeployment(ops1, staging.id, { status: "succeeded" });
    const production = await requestPromotion(dev, slug, { release: version, environment: "production" });
    started = cpuMs();
    await approvePromotion(ops2, production.id, {});
    if (i >= WARM_UP) approvals.push(cpuMs() - started);
  }
  record("server CPU per registration (createRelease)", engine, registrations, "(for reference)");
  record("server CPU per approval (1 of 2 needed)", engine, approvals, "(for reference)");
  await prisma.$disconnect();
}

/** Both engines (PostgreSQL when TEST_DATABASE_URL is set). */
export async function benchCpu(dir: string, record: Record, log: (line: string) => void): Promise<void> {
  const opened = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite-cpu") });
  await measure("PGlite", opened, record);
  await opened.sql.close();
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return log("CPU on PostgreSQL: not measured (set TEST_DATABASE_URL)");
  const database = await createDatabase(adminUrl, "shiproom_bench_cpu");
  const pgOpened = await openDatabase({ kind: "postgres", url: database.url });
  try {
    await measure("PostgreSQL", pgOpened, record);
  } finally {
    await pgOpened.sql.close();
    await database.drop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const rows: string[][] = [];
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-bench-cpu-"));
  benchCpu(
    dir,
    (metric, engine, samples, target) => {
      const sorted = [...samples].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
      rows.push([metric, engine, String(samples.length), fmt(at(50)), fmt(at(95)), fmt(at(99)), fmt(sorted.at(-1)!), target]);
    },
    (line) => process.stdout.write(`bench: ${line}\n`),
  ).then(
    () => {
      const header = ["metric", "engine", "n", "p50", "p95", "p99", "max", "target"];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
      const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ");
      process.stdout.write(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${rows.map(line).join("\n")}\n`);
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`bench failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
