import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { migrationSql, refusal } from "./schema-diff";

const run = promisify(execFile);
const schema = fs.readFileSync(path.join(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
const withColumn = schema.replace(/(model Deployment \{\n)/, "$1  rehearsal Boolean @default(false)\n");
const withEnumValue = schema.replace(/(enum Role \{\n)/, "$1  AUDITOR\n");

describe("the migration SQL between two schemas, offline", () => {
  test("a new column is one ALTER TABLE", async () => {
    const sql = await migrationSql(schema, withColumn);
    expect(sql).toContain(`ALTER TABLE "Deployment" ADD COLUMN     "rehearsal" BOOLEAN NOT NULL DEFAULT false;`);
    expect(sql.match(/^(ALTER|CREATE|DROP)/gm)).toHaveLength(1);
  }, 60_000);

  test("a new enum value, and the reverse direction drops the column", async () => {
    expect(await migrationSql(schema, withEnumValue)).toContain(`ALTER TYPE "Role" ADD VALUE 'AUDITOR';`);
    expect(await migrationSql(withColumn, schema)).toContain(`ALTER TABLE "Deployment" DROP COLUMN "rehearsal";`);
  }, 60_000);

  test("a comment or a generator setting changes no database: nothing to migrate", async () => {
    const touched = schema
      .replace("// Shiproom's data model.", "// Shiproom's data model, reworded.")
      .replace(`previewFeatures = ["relationJoins"]`, "");
    expect(touched).not.toBe(schema);
    expect(await migrationSql(schema, touched)).toBe("");
    // This project's schemas from before Prisma 7 name a datasource url, which Prisma 7 refuses.
    const beforePrisma7 = schema.replace(
      /(datasource db \{\n\s*provider = "postgresql"\n)/,
      `$1  url = "postgresql://unused@localhost/unused"\n`,
    );
    expect(beforePrisma7).toContain("url =");
    expect(await migrationSql(beforePrisma7, schema)).toBe("");
  }, 60_000);

  test("an empty answer for a changed schema is refused, as is no SQL at all for a schema with models", () => {
    const whole = `CREATE TABLE "A" ("id" TEXT);`;
    expect(
      refusal({ step: "", wholePrevious: whole, wholeNext: `${whole}\nCREATE TABLE "B" ("id" TEXT);`, next: "model A {}\nmodel B {}" }),
    ).toMatch(/diff is empty/);
    expect(refusal({ step: "", wholePrevious: "", wholeNext: "", next: "model A {\n  id String @id\n}" })).toMatch(/did not run/);
    expect(refusal({ step: "", wholePrevious: whole, wholeNext: whole, next: "model A {}" })).toBeNull();
    expect(refusal({ step: `DROP TABLE "B";`, wholePrevious: `${whole} B`, wholeNext: whole, next: "model A {}" })).toBeNull();
  });
});

describe("npm run db:migration", () => {
  test("writes the changed schema's SQL as a migration folder, and nothing for an unchanged one", async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-migration-test-"));
    const git = (...args: string[]) => run("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: repo });
    fs.mkdirSync(path.join(repo, "prisma", "migrations"), { recursive: true });
    fs.writeFileSync(path.join(repo, "prisma", "schema.prisma"), schema);
    await git("init", "-q");
    await git("add", ".");
    await git("commit", "-qm", "schema");
    const script = path.join(import.meta.dirname, "new-migration.ts");
    const tsx = path.join(import.meta.dirname, "../../node_modules/.bin/tsx");
    const unchanged = await run(tsx, [script, "nothing_here"], { cwd: repo });
    expect(unchanged.stdout).toContain("nothing to migrate");
    expect(fs.readdirSync(path.join(repo, "prisma", "migrations"))).toEqual([]);

    fs.writeFileSync(path.join(repo, "prisma", "schema.prisma"), withColumn);
    await run(tsx, [script, "deployment_rehearsal"], { cwd: repo });
    const [folder = ""] = fs.readdirSync(path.join(repo, "prisma", "migrations"));
    expect(folder).toMatch(/^\d{14}_deployment_rehearsal$/);
    expect(fs.readFileSync(path.join(repo, "prisma", "migrations", folder, "migration.sql"), "utf8")).toContain(
      `ADD COLUMN     "rehearsal"`,
    );
    fs.rmSync(repo, { recursive: true, force: true });
  }, 120_000);
});
