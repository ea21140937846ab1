// `npm run db:migration -- <name> [--from <git ref>]`: writes the SQL that takes the schema of
// <git ref> (default HEAD) to prisma/schema.prisma as a new migration folder. Works offline: the
// schema engine runs as WebAssembly (./schema-diff.ts); no database of yours is involved. Refuses
// to write an empty migration for a schema that changed the database. Applied on the next start.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { migrationSql, SchemaDiffError } from "./schema-diff";

const args = process.argv.slice(2);
const fromIndex = args.indexOf("--from");
const ref = fromIndex >= 0 ? args[fromIndex + 1] : "HEAD";
const name = args.find((arg, i) => !arg.startsWith("--") && (fromIndex < 0 || i !== fromIndex + 1));
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name_in_snake_case> [--from <git ref>]");
  process.exit(2);
}

const previous = execFileSync("git", ["show", `${ref}:prisma/schema.prisma`]).toString();
const next = fs.readFileSync(path.join("prisma", "schema.prisma"), "utf8");
let sql: string;
try {
  sql = await migrationSql(previous, next);
} catch (error) {
  console.error(error instanceof SchemaDiffError ? error.message : error);
  process.exit(1);
}
if (sql === "") {
  console.log(`prisma/schema.prisma describes the same database as at ${ref}: nothing to migrate.`);
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
console.log(`wrote ${dir}/migration.sql — review it; the next start applies it (npm start, or npm test's fresh databases).`);
