// Applies prisma/migrations in order, each in a transaction of its own, recording each in Prisma's
// own _prisma_migrations table (so `prisma migrate status` agrees). One at a time because a
// migration may use what the one before committed (an enum value added by ALTER TYPE … ADD VALUE
// cannot be used in the transaction that added it). A migration whose first line is
// `-- shiproom: no transaction` runs outside one (CREATE INDEX CONCURRENTLY): it must hold one
// statement. Written by hand because `prisma migrate deploy` cannot run here: it hangs on PGlite
// and fails on PostgreSQL through the driver adapter (README, Decisions). A session advisory lock
// lets several servers start at once: the others wait, then find nothing to do.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "@/lib/env";
import type { SqlConnection, SqlRunner } from "./connection";

const MIGRATIONS_DIR = path.resolve("prisma", "migrations");
const LOCK_KEY = 72707369; // the key Prisma Migrate uses, so both never run at once

export type Migration = { name: string; sql: string; checksum: string };

/** The first line that makes a migration run outside a transaction. */
export const NO_TRANSACTION = "-- shiproom: no transaction";

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Applies what is missing, one migration at a time; returns the names applied (none on an up-to-date database). */
export async function applyMigrations(sql: SqlConnection, migrations = readMigrations()): Promise<string[]> {
  const applied: string[] = [];
  await sql.session(async (session) => {
    // Held for the whole run, across the migrations' own transactions: a second server waits here.
    await session.query("select pg_advisory_lock($1)", [LOCK_KEY]);
    try {
      await session.exec(`
        CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
          "id" VARCHAR(36) PRIMARY KEY NOT NULL,
          "checksum" VARCHAR(64) NOT NULL,
          "finished_at" TIMESTAMPTZ,
          "migration_name" VARCHAR(255) NOT NULL,
          "logs" TEXT,
          "rolled_back_at" TIMESTAMPTZ,
          "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
          "applied_steps_count" INTEGER NOT NULL DEFAULT 0
        )`);
      const rows = await session.query<{ migration_name: string; checksum: string }>(
        `select migration_name, checksum from "_prisma_migrations"
          where finished_at is not null and rolled_back_at is null`,
      );
      const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
      for (const migration of migrations) {
        const checksum = done.get(migration.name);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) {
            throw new ConfigError(
              `migration ${migration.name} was changed after it was applied: restore it and add a new migration instead`,
            );
          }
          continue;
        }
        const record = (runner: SqlRunner) =>
          runner.query(
            `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
             values ($1, $2, now(), $3, 1)`,
            [randomUUID(), migration.checksum, migration.name],
          );
        try {
          if (migration.sql.startsWith(NO_TRANSACTION)) {
            await session.query(migration.sql);
            await record(session);
          } else {
            await session.transaction(async (tx) => {
              await tx.exec(migration.sql);
              await record(tx);
            });
          }
        } catch (error) {
          const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
          throw new ConfigError(`migration ${migration.name} failed: ${detail}`);
        }
        applied.push(migration.name);
        // PGlite caches array types: a migration may add one the next migration uses.
        await sql.refreshTypes();
      }
    } finally {
      await session.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    }
  });
  return applied;
}
