// `npm test`: every layer — lint, typecheck and unit tests at once while the app builds, then the
// database tests (PGlite, then PostgreSQL when TEST_DATABASE_URL names one), then the built app
// (API, start-up, browser). Prints a table and ends with "N passed, N failed". A layer that
// fails, or runs no test, fails the run. Layers that run together print their output when done.
import { AsyncLocalStorage } from "node:async_hooks";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

type Count = { passed: number; failed: number };
type Row = Count & { layer: string; seconds?: number; note?: string };

// What failed, named again after the table: a CI log is often read from its end only.
const failures: string[] = [];
/** Browser tests that failed once and passed on their retry (e2e/playwright.config.ts), named after the table. */
const flaky: string[] = [];
/** A failure's first line, and where in a test file it was thrown. */
function gist(message: string | undefined): string {
  const lines = (message ?? "").split("\n");
  const first = lines.find((line) => line.trim()) ?? "";
  const at = lines.find((line) => /\.(test|spec)\.tsx?:\d+/.test(line))?.match(/[\w./-]+\.(test|spec)\.tsx?:\d+/)?.[0];
  return at ? `${first.trim()} (${path.relative(process.cwd(), at)})` : first.trim();
}

const RESULTS = path.resolve("test-results");
const bin = (name: string) => path.join("node_modules", ".bin", name);
const rows: Row[] = [];

/** Where a layer running beside others collects its output, to print it in one piece. */
const captured = new AsyncLocalStorage<string[]>();

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const sink = captured.getStore();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: sink ? ["ignore", "pipe", "pipe"] : "inherit", env });
    if (sink) {
      child.stdout!.on("data", (chunk: Buffer) => sink.push(chunk.toString()));
      child.stderr!.on("data", (chunk: Buffer) => sink.push(chunk.toString()));
    }
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

function banner(title: string) {
  process.stdout.write(`\n━━ ${title} ${"━".repeat(Math.max(0, 70 - title.length))}\n`);
}

/** Layers at once, each with its output held until it ends (then printed under its banner). */
async function together(layers: [string, () => Promise<Count & { note?: string }>][]) {
  await Promise.all(
    layers.map(async ([name, work]) => {
      const sink: string[] = [];
      await captured.run(sink, () => layer(name, work, () => process.stdout.write(sink.join(""))));
    }),
  );
}

async function layer(name: string, work: () => Promise<Count & { note?: string }>, flush?: () => void) {
  if (!flush) banner(name);
  const started = Date.now();
  let result: Count & { note?: string };
  try {
    result = await work();
  } catch (error) {
    result = { passed: 0, failed: 1, note: error instanceof Error ? error.message : String(error) };
  }
  if (result.passed + result.failed === 0) result = { passed: 0, failed: 1, note: "ran no test" };
  if (flush) {
    banner(name);
    flush();
  }
  rows.push({ layer: name, ...result, seconds: (Date.now() - started) / 1000 });
}

/** One check: the command passes or fails. */
const check = (command: string, args: string[]) => async () =>
  (await run(command, args)) === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };

function vitest(project: string, env: NodeJS.ProcessEnv = process.env) {
  return async () => {
    const report = path.join(RESULTS, `vitest-${project}.json`);
    fs.rmSync(report, { force: true });
    const code = await run(
      bin("vitest"),
      [
        "run",
        "--config",
        ".config/vitest.config.ts",
        "--project",
        project,
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${report}`,
      ],
      env,
    );
    if (!fs.existsSync(report)) return { passed: 0, failed: 1, note: `vitest exited with ${code} before reporting` };
    const json = JSON.parse(fs.readFileSync(report, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numTotalTests: number;
      success: boolean;
      testResults: {
        name: string;
        message?: string;
        assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
      }[];
    };
    for (const file of json.testResults) {
      const where = path.relative(process.cwd(), file.name);
      const failedTests = file.assertionResults.filter((t) => t.status === "failed");
      for (const t of failedTests) failures.push(`${project} › ${where} › ${t.fullName}: ${gist(t.failureMessages?.[0])}`);
      if (failedTests.length === 0 && file.message) failures.push(`${project} › ${where}: ${gist(file.message)}`);
    }
    const failed = json.numFailedTests + (code !== 0 && json.numFailedTests === 0 ? 1 : 0);
    return {
      passed: json.numPassedTests,
      failed,
      note: code !== 0 && json.numFailedTests === 0 ? `vitest exited with ${code}` : undefined,
    };
  };
}

type PwSuite = {
  suites?: PwSuite[];
  specs?: {
    title: string;
    file: string;
    line: number;
    tests: { projectName: string; status: string; results: { error?: { message?: string } }[] }[];
  }[];
};

async function playwright(env: NodeJS.ProcessEnv): Promise<Map<string, Count>> {
  const report = path.join(RESULTS, "e2e.json");
  fs.rmSync(report, { force: true });
  const code = await run(bin("playwright"), ["test", "--config", "e2e/playwright.config.ts"], env);
  const counts = new Map<string, Count>();
  if (!fs.existsSync(report)) {
    counts.set("setup", { passed: 0, failed: 1 });
    return counts;
  }
  const json = JSON.parse(fs.readFileSync(report, "utf8")) as { suites: PwSuite[]; errors?: unknown[] };
  const visit = (suite: PwSuite) => {
    suite.suites?.forEach(visit);
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const count = counts.get(t.projectName) ?? { passed: 0, failed: 0 };
        // "expected" passed, "flaky" failed and then passed on its retry (named after the table),
        // "skipped" never passes.
        if (t.status === "expected") count.passed++;
        else if (t.status === "flaky") {
          count.passed++;
          const error = t.results.find((r) => r.error)?.error?.message;
          flaky.push(`e2e ${t.projectName} › ${spec.file}:${spec.line} › ${spec.title}: first ${gist(error)}`);
        } else {
          count.failed++;
          const error = t.results.find((r) => r.error)?.error?.message;
          failures.push(`e2e ${t.projectName} › ${spec.file}:${spec.line} › ${spec.title}: ${t.status} ${gist(error)}`);
        }
        counts.set(t.projectName, count);
      }
    }
  };
  json.suites.forEach(visit);
  if (code !== 0 && [...counts.values()].every((c) => c.failed === 0)) counts.set("setup", { passed: 0, failed: 1 });
  return counts;
}

async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    return `TEST_DATABASE_URL is set but PostgreSQL is unreachable: ${(error as Error).message}`;
  }
}

function chromiumProblem(): string | null {
  const executable = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  try {
    fs.accessSync(executable, fs.constants.X_OK);
    return null;
  } catch {
    return `Browser tests need Chromium at ${executable}: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.`;
  }
}

function printTable() {
  banner("summary");
  const width = Math.max(...rows.map((r) => r.layer.length), 5);
  process.stdout.write(`${"layer".padEnd(width)}  passed  failed     time\n`);
  for (const row of rows) {
    const time = row.seconds === undefined ? "".padStart(8) : `${row.seconds.toFixed(1).padStart(6)} s`;
    const line = `${row.layer.padEnd(width)}  ${String(row.passed).padStart(6)}  ${String(row.failed).padStart(6)}  ${time}`;
    process.stdout.write(`${line}${row.note ? `  (${row.note})` : ""}\n`);
  }
  if (flaky.length > 0)
    process.stdout.write(`\nflaky (failed, then passed on the retry):\n${flaky.map((f) => `  ~ ${f.slice(0, 400)}`).join("\n")}\n`);
  if (failures.length > 0) process.stdout.write(`\nfailed:\n${failures.map((f) => `  ✗ ${f.slice(0, 400)}`).join("\n")}\n`);
}

async function main() {
  fs.mkdirSync(RESULTS, { recursive: true });
  const started = Date.now();
  const pgUrl = process.env.TEST_DATABASE_URL;

  // The app builds while lint and the unit tests run, after the type check: `next build` empties
  // .next, where `next typegen` writes the route types the type check reads.
  let typechecked: Promise<unknown> = Promise.resolve();
  await together([
    [
      "lint",
      async () => {
        const eslint = await run(bin("eslint"), ["--max-warnings=0", "."]);
        const prettier = await run(bin("prettier"), [
          "--check",
          "--log-level=warn",
          "app",
          "components",
          "lib",
          "prisma",
          "e2e",
          ".config",
          "proxy.ts",
          "instrumentation.ts",
          "next.config.ts",
        ]);
        // Exports nothing imports, files nothing reaches, and the same thing exported twice.
        const knip = await run(bin("knip"), ["--config", ".config/knip.json", "--include", "exports,types,files,duplicates"]);
        return eslint === 0 && prettier === 0 && knip === 0
          ? { passed: 1, failed: 0 }
          : { passed: 0, failed: 1, note: "eslint, prettier --check or knip" };
      },
    ],
    [
      "typecheck",
      () => {
        const work = (async () => {
          if ((await run(bin("next"), ["typegen"])) !== 0) return { passed: 0, failed: 1 };
          return check(bin("tsc"), ["--noEmit"])();
        })();
        typechecked = work;
        return work;
      },
    ],
    ["unit", vitest("unit")],
    [
      "build",
      async () => {
        await typechecked.catch(() => undefined);
        const code = await run(bin("tsx"), ["--conditions=react-server", "lib/server/launch.ts", "--build-only"]);
        return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1, note: "next build failed" };
      },
    ],
  ]);
  // One engine after the other: both are CPU-bound on two cores, so at once they took longer
  // (measured 2026-12-02: 313 s together, against 238 s one after the other). An earlier trial
  // blamed this for a 70,000-test import that ran past its limit; that was a plan made on stale
  // statistics (see trustPlannerWith in lib/junit/import.ts).
  await layer("database (PGlite)", vitest("db-pglite"));
  if (pgUrl) {
    const problem = await postgresReachable(pgUrl);
    await layer("database (PostgreSQL)", problem ? async () => ({ passed: 0, failed: 1, note: problem }) : vitest("db-postgres"));
  } else {
    process.stdout.write("\nPostgreSQL: TEST_DATABASE_URL is not set, so the database tests ran on PGlite only (.ci/run sets it).\n");
  }

  const chromium = chromiumProblem();
  if (chromium) {
    process.stdout.write(`\n${chromium}\n`);
    rows.push({ layer: "e2e browser", passed: 0, failed: 1, note: "no Chromium" });
  } else {
    banner("built app: API, start-up, browser" + (pgUrl ? ", PostgreSQL" : ""));
    const e2eStarted = Date.now();
    const counts = await playwright(process.env);
    const expected = ["api", "cli", "browser", ...(pgUrl ? ["postgres"] : [])];
    for (const project of new Set([...expected, ...counts.keys()])) {
      const count = counts.get(project) ?? { passed: 0, failed: 0 };
      const ranNothing = count.passed + count.failed === 0;
      const retried = flaky.filter((f) => f.startsWith(`e2e ${project} › `)).length;
      rows.push({
        layer: `e2e ${project}`,
        passed: count.passed,
        failed: ranNothing ? 1 : count.failed,
        note: ranNothing ? "ran no test" : retried > 0 ? `${retried} passed on the retry` : undefined,
      });
    }
    rows.push({ layer: "e2e (all, with build)", passed: 0, failed: 0, seconds: (Date.now() - e2eStarted) / 1000 });
  }

  printTable();
  const passed = rows.reduce((sum, r) => sum + r.passed, 0);
  const failed = rows.reduce((sum, r) => sum + r.failed, 0);
  const summary = `${passed} passed, ${failed} failed`;
  fs.writeFileSync(path.join(RESULTS, "summary.txt"), `${summary}\n`);
  process.stdout.write(`\ntotal time ${((Date.now() - started) / 1000).toFixed(0)} s\n${summary}\n`);
  process.exit(failed > 0 ? 1 : 0);
}

void main();
