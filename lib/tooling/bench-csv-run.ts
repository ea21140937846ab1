// Run by `npm run bench` (bench-csv.ts) in a fresh process, so that its memory is its own:
//   <pglite dir | postgres url> <csv file> — previews, applies, then imports the same file again.
// Prints one JSON line of figures.
import fs from "node:fs";
import { memberActor } from "@/lib/auth/actor";
import { bindDatabase, prismaFor } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/connection";
import { applyMigrations } from "@/lib/db/migrate";
import { importCases } from "@/lib/test-cases/csv-import";
import { measured } from "./measured";

const [where, file] = process.argv.slice(2) as [string, string];
const opened = await openDatabase(where.startsWith("postgres") ? { kind: "postgres", url: where } : { kind: "pglite", dataDir: where });
await applyMigrations(opened.sql);
bindDatabase(opened, prismaFor(opened));
const [qa] = await opened.sql.query<{ id: string }>(`
  with member as (insert into "Member" (id, email, name, roles, "updatedAt") values (gen_random_uuid(), 'qa@bench.test', 'Bench QA', '{QA}', now()) returning id),
  project as (insert into "Project" (id, slug, key, name) values (gen_random_uuid(), 'bench-csv', 'BC', 'Bench CSV') returning id)
  select member.id from member, project`);
const actor = memberActor({ id: qa!.id, name: "Bench QA", email: "qa@bench.test", roles: ["QA"] });

const send = (apply: boolean) => importCases(actor, "bench-csv", fs.createReadStream(file), apply);
const step = ({ ms, rssGrowthMb, baselineMb }: { ms: number; rssGrowthMb: number; baselineMb: number }) => ({
  ms,
  rssGrowthMb,
  baselineMb,
});
const preview = await measured(() => send(false));
const apply = await measured(() => send(true));
const again = await measured(() => send(true));
// Every case edited (its title and a step): every row an update.
const edited = `${file}.edited.csv`;
fs.writeFileSync(
  edited,
  fs.readFileSync(file, "utf8").replaceAll("Checkout case ", "Checkout flow ").replaceAll("Open the receipt", "Check the receipt"),
);
const update = await measured(() => importCases(actor, "bench-csv", fs.createReadStream(edited), true));
fs.rmSync(edited);
if (update.result.update !== apply.result.create) throw new Error("the bench's edited file did not update every case");
if (apply.result.problemCount > 0 || apply.result.create === 0) throw new Error("the bench's file did not import");
process.stdout.write(
  `${JSON.stringify({ preview: step(preview), apply: step(apply), again: step(again), update: step(update), created: apply.result.create, unchanged: again.result.unchanged })}\n`,
);
process.exit(0);
