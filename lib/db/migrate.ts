// Applies prisma/migrations in order, all pending ones in one transaction, recording them in Prisma's
// own _prisma_migrations table (so `prisma migrate status` agrees). Written by hand because
// `prisma migrate deploy` cannot run here: it hangs on PGlite and fails on PostgreSQL through
// the driver adapter (README, Decisions). An advisory lock lets several servers start at once.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "@/lib/env";
import type { SqlConnection } from "./connection";

export const MIGRATIONS_DIR = path.resolve("prisma", "migrations");
const LOCK_KEY = 72707369; // the key Prisma Migrate uses, so both never run at once

export type Migration = { name: string; sql: string; checksum: string };

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

/** Applies what is missing; returns the names applied (none on an up-to-date database). */
export async function applyMigrations(sql: SqlConnection, migrations = readMigrations()): Promise<string[]> {
  const applied: string[] = [];
  await sql.transaction(async (tx) => {
    // Held to the end of the transaction: a second server waits, then finds nothing to do.
    await tx.query("select pg_advisory_xact_lock($1)", [LOCK_KEY]);
    // Created under the lock: two servers creating it at once would collide in the catalog.
    await tx.exec(`
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
    const rows = await tx.query<{ migration_name: string; checksum: string }>(
      `select migration_name, checksum from "_prisma_migrations"
        where finished_at is not null and rolled_back_at is null`,
    );
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    for (const migration of migrations) {
      const checksum = done.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new ConfigError(`migration ${migration.name} was changed after it was applied: restore it and add a new migration instead`);
        }
        continue;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
        throw new ConfigError(`migration ${migration.name} failed: ${detail}`);
      }
      await tx.query(
        `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
         values ($1, $2, now(), $3, 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      applied.push(migration.name);
    }
  });
  if (applied.length > 0) await sql.refreshTypes();
  return applied;
}
