// The CSV half of `npm run bench` (BENCH_ONLY=csv): a TestRail CSV export of 2,000 and of 20,000
// cases imported into an empty library (preview, then apply), then the same file again (every row
// unchanged), then with every case edited (every row an update), on each engine. Each size runs in a fresh process (bench-csv-run.ts), so its peak
// RSS growth is the import's own (PGlite lives in the process: its growth includes the database's).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "./postgres";

type Record = (metric: string, engine: string, samples: number[], target: string, result?: string) => void;
type Step = { ms: number; rssGrowthMb: number; baselineMb: number };
type Figures = { preview: Step; apply: Step; again: Step; update: Step; created: number; unchanged: number };

/** A TestRail CSV export of `rows` cases: 50 sections, three steps each, as its default columns. */
function testRailCsv(rows: number): string {
  const header = "ID,Title,Section,Section Hierarchy,Priority,Type,Preconditions,Steps,Expected Result,References";
  const priorities = ["Low", "Medium", "High", "Critical"];
  const lines = Array.from({ length: rows }, (_, i) => {
    const section = `Area ${i % 50}`;
    return `C${10_000 + i},"Checkout case ${i + 1}: pays with card ${i % 7}",${section},"Shop > ${section}",${priorities[i % 4]},Functional,"A signed-in customer with ${i % 5} items","Open the cart
Pay with the saved card
Open the receipt","The receipt shows the order ${i + 1}",JIRA-${i % 300}`;
  });
  return [header, ...lines].join("\n");
}

export async function benchCsv(dir: string, record: Record, log: (line: string) => void) {
  const engines: [string, (name: string) => Promise<{ where: string; done: () => Promise<void> }>][] = [
    ["PGlite", async (name) => ({ where: path.join(dir, `pglite-${name}`), done: async () => {} })],
  ];
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl)
    engines.push([
      "PostgreSQL",
      async (name) => {
        const database = await createDatabase(adminUrl, `shiproom_bench_${name}`);
        return { where: database.url, done: database.drop };
      },
    ]);
  else log("CSV import on PostgreSQL: not measured (set TEST_DATABASE_URL)");
  for (const rows of [2_000, 20_000]) {
    const file = path.join(os.tmpdir(), `shiproom-bench-testrail-${rows}-${process.pid}.csv`);
    fs.writeFileSync(file, testRailCsv(rows));
    const size = `${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`;
    try {
      for (const [engine, open] of engines) {
        const { where, done } = await open(`csv_${rows}`);
        try {
          const out = execFileSync(
            path.join("node_modules", ".bin", "tsx"),
            ["--expose-gc", "--conditions=react-server", "lib/tooling/bench-csv-run.ts", where, file],
            { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
          );
          const f = JSON.parse(out.trim().split("\n").at(-1)!) as Figures;
          for (const [label, step] of [
            ["preview", f.preview],
            ["apply (all new)", f.apply],
            ["the same file again (unchanged)", f.again],
            ["every case edited (updates)", f.update],
          ] as const) {
            log(
              `${engine}: TestRail CSV of ${rows.toLocaleString("en")} rows (${size}), ${label}: ${(step.ms / 1000).toFixed(1)} s, peak RSS +${step.rssGrowthMb} MB over ${step.baselineMb} MB`,
            );
            record(
              `CSV import, ${rows.toLocaleString("en")} TestRail rows, ${label}`,
              engine,
              [step.ms],
              "",
              `peak RSS +${step.rssGrowthMb} MB`,
            );
          }
        } finally {
          await done();
        }
      }
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
}
