import { describe, expect, test } from "vitest";
import { ConfigError } from "@/lib/env";
import { setupTestDatabase } from "@/lib/testing/db";
import { applyMigrations, readMigrations } from "./migrate";

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
});
