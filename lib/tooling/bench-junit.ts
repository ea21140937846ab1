// The JUnit half of `npm run bench` (BENCH_ONLY=junit), each engine in a fresh process:
//   - ingesting a 100,000-testcase report (the README's limit): new cases, then matched; time and
//     RSS growth (PGlite lives in the process, so its growth includes the database's); and new
//     cases as the first import of a fresh process, as a server just started meets it
//   - hostile uploads (issue 11): how long each takes to be refused and how far RSS rises
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { junitReport } from "./bench-tests";
import { createDatabase } from "./postgres";

type Record = (metric: string, engine: string, samples: number[], target: string, result?: string) => void;
type Ingest = { ms: number; rssGrowthMb: number; baselineMb: number; tests: number; created: number };

function run(args: string[]): string {
  return execFileSync(
    path.join("node_modules", ".bin", "tsx"),
    ["--expose-gc", "--conditions=react-server", "lib/tooling/bench-junit-run.ts", ...args],
    {
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}

export async function benchJunit(dir: string, record: Record, log: (line: string) => void) {
  // The same 100,000 tests twice, the second time other ones failing: new cases, then every one matched.
  const files = [0, 3].map((variant) => {
    const file = path.join(os.tmpdir(), `shiproom-bench-100k-${variant}-${process.pid}.xml`);
    fs.writeFileSync(file, junitReport(100_000, variant));
    return file;
  });
  const size = `${(fs.statSync(files[0]!).size / 1024 / 1024).toFixed(1)} MB`;
  const engines: [string, (name: string) => Promise<{ where: string; done: () => Promise<void> }>, number][] = [
    ["PGlite", async (name) => ({ where: path.join(dir, `pglite-${name}`), done: async () => {} }), 400],
  ];
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl)
    engines.push([
      "PostgreSQL",
      async (name) => {
        const database = await createDatabase(adminUrl, `shiproom_bench_${name}`);
        return { where: database.url, done: database.drop };
      },
      150,
    ]);
  else log("JUnit ingest on PostgreSQL: not measured (set TEST_DATABASE_URL)");
  try {
    for (const [engine, open, limitMb] of engines) {
      const { where, done } = await open("junit");
      const fresh = await open("junit_fresh");
      try {
        const figures = JSON.parse(run(["ingest", where, ...files])) as { first: Ingest; again: Ingest };
        const first = (JSON.parse(run(["fresh", fresh.where, files[0]!])) as { first: Ingest }).first;
        for (const [label, m] of [
          ["new cases", figures.first],
          ["matched", figures.again],
          ["new cases, a fresh process's first import", first],
        ] as const) {
          log(
            `${engine}: a ${size} report of ${m.tests.toLocaleString("en")} tests (${label}) in ${(m.ms / 1000).toFixed(1)} s, RSS +${m.rssGrowthMb} MB over ${m.baselineMb} MB`,
          );
          record(`ingest 100,000-testcase report, ${label}`, engine, [m.ms], `RSS growth ≤ ${limitMb} MB`, `RSS +${m.rssGrowthMb} MB`);
        }
      } finally {
        await done();
        await fresh.done();
      }
    }
  } finally {
    for (const file of files) fs.rmSync(file, { force: true });
  }

  const refusals = JSON.parse(run(["refuse", path.join(dir, "pglite-refuse")])) as {
    what: string;
    status: number;
    ms: number;
    rssGrowthMb: number;
  }[];
  for (const r of refusals) {
    log(`refused upload, ${r.what}: ${r.status} in ${r.ms} ms, RSS +${r.rssGrowthMb} MB`);
    record(`refuse an upload: ${r.what}`, "PGlite", [r.ms], "≤ 1000 ms, RSS growth < 50 MB", `${r.status}, RSS +${r.rssGrowthMb} MB`);
  }
}
