// `npm run db:migration -- <name> [--from <git ref>]`: writes the SQL that takes the schema of
// <git ref> (default HEAD) to prisma/schema.prisma as a new migration folder. Works offline:
// Prisma diffs the two schema files; no database is involved. Applied on the next start.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
const fromIndex = args.indexOf("--from");
const ref = fromIndex >= 0 ? args[fromIndex + 1] : "HEAD";
const name = args.find((arg, i) => !arg.startsWith("--") && (fromIndex < 0 || i !== fromIndex + 1));
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name_in_snake_case> [--from <git ref>]");
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-migration-"));
const previous = path.join(tmp, "previous.prisma");
fs.writeFileSync(previous, execFileSync("git", ["show", `${ref}:prisma/schema.prisma`]));
const env = { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: "/dev/null", PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" };
const sql = execFileSync(
  path.join("node_modules", ".bin", "prisma"),
  ["migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { env, stdio: ["ignore", "pipe", "inherit"] },
).toString();
fs.rmSync(tmp, { recursive: true, force: true });

if (/^-- This is an empty migration\.\s*$/.test(sql.trim())) {
  console.log(`prisma/schema.prisma has no changes since ${ref}: nothing to migrate.`);
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${dir}/migration.sql — review it; the next start applies it (npm start, or npm test's fresh databases).`);
