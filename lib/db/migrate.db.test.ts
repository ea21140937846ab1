import { describe, expect, test } from "vitest";
import { ConfigError } from "@/lib/env";
import { setupTestDatabase } from "@/lib/testing/db";
import { applyMigrations, NO_TRANSACTION, readMigrations } from "./migrate";

const database = setupTestDatabase();

describe("migrations", () => {
  test("an up-to-date database applies nothing (a second start is a no-op)", async () => {
    expect(await applyMigrations(database.opened.sql)).toEqual([]);
    expect(await applyMigrations(database.opened.sql)).toEqual([]);
  });

  test("applied migrations are recorded in Prisma's table with the file's sha256", async () => {
    const rows = await database.opened.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `select migration_name, checksum, finished_at from "_prisma_migrations" order by migration_name`,
    );
    const files = readMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  test("a new migration is applied once, in order, after the existing ones", async () => {
    const extra = { name: "99990101000000_test_extra", sql: `create table "TestExtra" (id int primary key);`, checksum: "f".repeat(64) };
    expect(await applyMigrations(database.opened.sql, [...readMigrations(), extra])).toEqual([extra.name]);
    expect(await applyMigrations(database.opened.sql, [...readMigrations(), extra])).toEqual([]);
    await database.opened.sql.query(`insert into "TestExtra" values (1)`);
  });

  test("a migration edited after it was applied stops the start with a clear message", async () => {
    const [first, ...rest] = readMigrations();
    const edited = { ...first!, checksum: "0".repeat(64) };
    const attempt = applyMigrations(database.opened.sql, [edited, ...rest]);
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(applyMigrations(database.opened.sql, [edited, ...rest])).rejects.toThrow(/was changed after it was applied/);
  });

  test("a failing migration applies nothing of itself and names itself", async () => {
    const broken = {
      name: "99999999000000_broken",
      sql: `create table "Half" (id int); select * from "NoSuchTable";`,
      checksum: "e".repeat(64),
    };
    await expect(applyMigrations(database.opened.sql, [...readMigrations(), broken])).rejects.toThrow(
      /migration 99999999000000_broken failed: .*NoSuchTable/,
    );
    const tables = await database.opened.sql.query(`select 1 from information_schema.tables where table_name = 'Half'`);
    expect(tables).toHaveLength(0);
  });

  test("a migration may use an enum value the one before it added: each runs in a transaction of its own", async () => {
    const addValue = {
      name: "99990201000000_test_enum_value",
      sql: `ALTER TYPE "CaseKind" ADD VALUE 'EXPLORATORY';`,
      checksum: "a".repeat(64),
    };
    const useValue = {
      name: "99990201000001_test_enum_use",
      sql: `CREATE TABLE "TestKinds" (kind "CaseKind" NOT NULL DEFAULT 'EXPLORATORY'); INSERT INTO "TestKinds" DEFAULT VALUES;`,
      checksum: "b".repeat(64),
    };
    expect(await applyMigrations(database.opened.sql, [...readMigrations(), addValue, useValue])).toEqual([addValue.name, useValue.name]);
    expect(await database.opened.sql.query(`select kind::text as kind from "TestKinds"`)).toEqual([{ kind: "EXPLORATORY" }]);
  });

  test("a migration marked to run outside a transaction can build an index concurrently", async () => {
    const concurrently = {
      name: "99990301000000_test_concurrently",
      sql: `${NO_TRANSACTION}\nCREATE INDEX CONCURRENTLY "TestExtra_concurrently" ON "Member"("createdAt")`,
      checksum: "c".repeat(64),
    };
    expect(await applyMigrations(database.opened.sql, [...readMigrations(), concurrently])).toEqual([concurrently.name]);
    const indexes = await database.opened.sql.query(`select 1 from pg_indexes where indexname = 'TestExtra_concurrently'`);
    expect(indexes).toHaveLength(1);
    expect(await applyMigrations(database.opened.sql, [...readMigrations(), concurrently])).toEqual([]);
  });

  test("a failed migration keeps those before it and stops at itself", async () => {
    const good = { name: "99990401000000_test_good", sql: `create table "TestGood" (id int);`, checksum: "d".repeat(64) };
    const bad = { name: "99990401000001_test_bad", sql: `select * from "NoSuchTable";`, checksum: "9".repeat(64) };
    await expect(applyMigrations(database.opened.sql, [...readMigrations(), good, bad])).rejects.toThrow(
      /migration 99990401000001_test_bad failed/,
    );
    expect(await database.opened.sql.query(`select 1 from information_schema.tables where table_name = 'TestGood'`)).toHaveLength(1);
    expect(await applyMigrations(database.opened.sql, [...readMigrations(), good])).toEqual([]);
  });
});
