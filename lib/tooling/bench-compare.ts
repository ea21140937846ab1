// `npm run bench -- --against <git ref> [--rounds N]`: the same bench parts on another commit
// (the previous main, say) and on this checkout's HEAD, in one run on one machine, interleaved —
// A B, B A, A B … — so that whatever else the machine does falls on both sides alike. Prints, per
// row, the median over the rounds of each side's p50 and p95 and their ratio (HEAD ÷ the other).
// Commit what you measure: uncommitted changes are not in HEAD, and you may go on editing.
//
// Each commit is checked out as a git worktree under the temporary folder, with its own
// node_modules when its package-lock.json differs from this one's (npm ci: the npm registry must
// be reachable) and its own Prisma client and Next.js build (only for parts that need one).
// Each side runs as `npm run bench` of its own checkout (BENCH_ONLY and the other BENCH_* apply
// to both), and its table is read back from its output: any commit that prints the table works.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./processes";

type Side = { label: string; dir: string };
type Measured = { metric: string; engine: string; p50: number; p95: number };

/** The bench table's rows in a bench run's output (header "metric  engine  n  p50 …", a rule of dashes, rows). */
export function tableRows(output: string): Measured[] {
  const lines = output.split("\n");
  const header = lines.findIndex((line) => /^metric\s{2,}engine\s{2,}n\s{2,}p50\s{2,}p95/.test(line));
  if (header < 0) return [];
  const rows: Measured[] = [];
  for (const line of lines.slice(header + 2)) {
    const cells = line.split(/\s{2,}/);
    if (cells.length < 7) break;
    const [metric, engine, , p50, p95] = cells;
    rows.push({ metric: metric!, engine: engine!, p50: parseFloat(p50!.replace(/,/g, "")), p95: parseFloat(p95!.replace(/,/g, "")) });
  }
  return rows;
}

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${cwd} (exit ${result.status})`);
}

/** A worktree of ref with what its bench needs: dependencies, the Prisma client, and a build when asked. */
function checkout(ref: string, build: boolean): Side {
  const sha = execFileSync("git", ["rev-parse", "--short", ref], { cwd: ROOT }).toString().trim();
  const dir = path.join(os.tmpdir(), `shiproom-bench-against-${sha}`);
  if (!fs.existsSync(dir)) sh("git", ["worktree", "add", "--detach", "-f", dir, sha], ROOT);
  const sameLock = spawnSync("git", ["diff", "--quiet", sha, "--", "package-lock.json"], { cwd: ROOT }).status === 0;
  const modules = path.join(dir, "node_modules");
  // Turbopack resolves nothing outside the project's folder: a build needs node_modules of its own.
  const link = sameLock && !build;
  if (fs.existsSync(modules) && fs.lstatSync(modules).isSymbolicLink() && !link) fs.unlinkSync(modules);
  if (!fs.existsSync(modules)) {
    if (link) fs.symlinkSync(path.join(ROOT, "node_modules"), modules);
    else sh("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], dir);
  }
  sh("npm", ["run", "--silent", "postinstall"], dir);
  if (build && !fs.existsSync(path.join(dir, ".next", "BUILD_ID"))) sh("npx", ["next", "build"], dir);
  return { label: sha, dir };
}

// Parts that run as a script of their own, copied into a commit that does not have them yet.
const STANDALONE: Record<string, string> = { cpu: "lib/tooling/bench-cpu.ts" };

function runBench(side: Side, parts: string[]): Measured[] {
  const rows: Measured[] = [];
  for (const part of parts.filter((name) => STANDALONE[name])) {
    const script = STANDALONE[part]!;
    if (!fs.existsSync(path.join(side.dir, script))) fs.copyFileSync(path.join(ROOT, script), path.join(side.dir, script));
    rows.push(...run(side, ["tsx", "--conditions=react-server", script], process.env));
  }
  const rest = parts.filter((name) => !STANDALONE[name]);
  if (rest.length) rows.push(...run(side, ["npm", "run", "--silent", "bench"], { ...process.env, BENCH_ONLY: rest.join(",") }));
  return rows;
}

function run(side: Side, [command, ...args]: string[], env: NodeJS.ProcessEnv): Measured[] {
  const bin = command === "tsx" ? path.join(side.dir, "node_modules", ".bin", "tsx") : command!;
  const result = spawnSync(bin, args, { cwd: side.dir, env, encoding: "utf8", maxBuffer: 64 << 20 });
  process.stdout.write(
    result.stdout
      .split("\n")
      .filter((line) => line.startsWith("bench:"))
      .map((line) => `[${side.label}] ${line}\n`)
      .join(""),
  );
  if (result.status !== 0) throw new Error(`the bench of ${side.label} failed:\n${result.stderr.slice(-2000)}`);
  return tableRows(result.stdout);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

type Sampled = { metric: string; engine: string; before: Measured[]; after: Measured[] };

/**
 * The side-by-side tables: per row, the medians of each side's p50 and p95 and their ratio
 * (`after` ÷ `before`, below 1 is faster), then every round's p50 of each side in the order run, so
 * that one noisy round shows as itself instead of hiding in a median. Milliseconds, one decimal.
 */
export function sideBySide(ref: string, before: string, after: string, rows: Sampled[]): string {
  const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : "–");
  const table = (header: string[], body: string[][]) => {
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd();
    return `${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${body.map(line).join("\n")}\n`;
  };
  const rounds = Math.max(0, ...rows.map((row) => Math.max(row.before.length, row.after.length)));
  const medians = rows.map((entry) => {
    const [b50, a50, b95, a95] = [
      median(entry.before.map((r) => r.p50)),
      median(entry.after.map((r) => r.p50)),
      median(entry.before.map((r) => r.p95)),
      median(entry.after.map((r) => r.p95)),
    ];
    return [entry.metric, entry.engine, fmt(b50), fmt(a50), (a50 / b50).toFixed(2), fmt(b95), fmt(a95), (a95 / b95).toFixed(2)];
  });
  const perRound = rows.map((entry) => [
    entry.metric,
    entry.engine,
    ...Array.from({ length: rounds }, (_, i) => `${fmt(entry.before[i]?.p50 ?? NaN)} / ${fmt(entry.after[i]?.p50 ?? NaN)}`),
  ]);
  return [
    `\nmedians of ${rounds} rounds, interleaved; ratio = HEAD (${after}) ÷ ${ref} (${before}), below 1 is faster\n`,
    table(["metric", "engine", `p50 ${before}`, `p50 ${after}`, "ratio", `p95 ${before}`, `p95 ${after}`, "ratio"], medians),
    `\np50 of each round, ${before} / ${after} (ms)\n`,
    table(["metric", "engine", ...Array.from({ length: rounds }, (_, i) => `round ${i + 1}`)], perRound),
  ].join("");
}

/** Runs both sides `rounds` times, alternating which goes first, and prints the table side by side. */
export async function compareAgainst(ref: string, rounds: number): Promise<void> {
  const parts = (process.env.BENCH_ONLY ?? "board").split(",").map((part) => part.trim());
  const build = parts.includes("api") || parts.includes("live");
  const other = checkout(ref, build);
  const here = checkout("HEAD", build);
  const samples = new Map<string, Sampled>();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [other, here] : [here, other];
    for (const side of order) {
      process.stdout.write(`bench: round ${round + 1} of ${rounds}, ${side.label}\n`);
      for (const row of runBench(side, parts)) {
        const key = `${row.metric}\u0000${row.engine}`;
        const entry = samples.get(key) ?? { metric: row.metric, engine: row.engine, before: [], after: [] };
        (side === here ? entry.after : entry.before).push(row);
        samples.set(key, entry);
      }
    }
  }
  process.stdout.write(sideBySide(ref, other.label, here.label, [...samples.values()]));
}
