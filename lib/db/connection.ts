// Opens the database an Env names: the embedded PGlite (one process per data directory)
// or PostgreSQL. Returns one small SQL interface for both, used by migrations, the Prisma
// client and the live-update channel. Failures become one-line ConfigErrors.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { ConfigError, type DatabaseTarget } from "@/lib/env";
import { tryPidLock } from "@/lib/pid-lock";

export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (no parameters). */
  exec(text: string): Promise<void>;
}

export interface SqlConnection extends SqlRunner {
  readonly target: DatabaseTarget;
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** After a schema change: PGlite caches array types at start and must learn new ones. */
  refreshTypes(): Promise<void>;
  /**
   * Runs `work` while no other process runs work under the same key (first-start seeding).
   * PostgreSQL: an advisory lock held by a transaction of its own. PGlite: one process owns the
   * data directory already, and a lock there would block the very queries `work` makes.
   */
  exclusive<T>(key: number, work: () => Promise<T>): Promise<T>;
  /** Runs `work` on one connection of its own (a session: its advisory locks, its transactions). */
  session<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One connection: statements and transactions on it, in order. */
interface SqlSession extends SqlRunner {
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

export type OpenedDatabase =
  { kind: "pglite"; sql: SqlConnection; pglite: PGlite } | { kind: "postgres"; sql: SqlConnection; pool: pg.Pool };

export type OpenOptions = {
  /** Start an in-memory PGlite ("memory://") from a dump (tests' migrated template). */
  loadDataDir?: Blob;
  /**
   * How long a new PostgreSQL connection may take (default 5 s: the launcher's check answers
   * quickly). A running server gives it longer: its event loop may be busy loading code
   * while a connection is being made, and a timeout then is the machine being slow, not
   * PostgreSQL being gone.
   */
  connectTimeoutMs?: number;
};

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<OpenedDatabase> {
  return target.kind === "pglite" ? openPglite(target, options.loadDataDir) : openPostgres(target, options.connectTimeoutMs ?? 5_000);
}

async function openPglite(target: Extract<DatabaseTarget, { kind: "pglite" }>, loadDataDir?: Blob): Promise<OpenedDatabase> {
  const inMemory = target.dataDir.startsWith("memory://");
  const unlock = inMemory ? () => {} : lockDataDir(target.dataDir);
  let pglite: PGlite;
  try {
    if (!inMemory) fs.mkdirSync(path.dirname(target.dataDir), { recursive: true });
    // pg_trgm (duplicate hints' similarity()) ships with PGlite but loads only when named here.
    pglite = await PGlite.create({ dataDir: target.dataDir, loadDataDir, extensions: { pg_trgm } });
  } catch (error) {
    unlock();
    throw new ConfigError(`cannot open the embedded database at ${target.dataDir}: ${describe(error)}`);
  }
  const runner = (q: Pick<PGlite, "query" | "exec">): SqlRunner => ({
    query: async <T>(text: string, params?: unknown[]) => (await q.query<T>(text, params)).rows,
    exec: async (text) => {
      await q.exec(text);
    },
  });
  const sql: SqlConnection = {
    target,
    ...runner(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(runner(tx))),
    refreshTypes: () => pglite.refreshArrayTypes(),
    exclusive: (_key, work) => work(),
    // PGlite is one connection already.
    session: (work) => work({ ...runner(pglite), transaction: (fn) => pglite.transaction((tx) => fn(runner(tx))) }),
    close: async () => {
      if (!pglite.closed) await pglite.close();
      unlock();
    },
  };
  return { kind: "pglite", sql, pglite };
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: "postgres" }>, connectTimeoutMs: number): Promise<OpenedDatabase> {
  const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: connectTimeoutMs });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", () => {});
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw new ConfigError(postgresProblem(target.url, error, connectTimeoutMs));
  }
  const sql: SqlConnection = {
    target,
    query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
    exec: async (text) => {
      await pool.query(text);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        return await inTransaction(client, fn);
      } finally {
        client.release();
      }
    },
    session: async (work) => {
      const client = await pool.connect();
      try {
        return await work({ ...clientRunner(client), transaction: (fn) => inTransaction(client, fn) });
      } finally {
        client.release();
      }
    },
    refreshTypes: async () => {},
    exclusive: (key, work) =>
      sql.transaction(async (tx) => {
        await tx.query("select pg_advisory_xact_lock($1)", [key]);
        return work();
      }),
    close: () => pool.end(),
  };
  return { kind: "postgres", sql, pool };
}

function clientRunner(client: pg.PoolClient): SqlRunner {
  return {
    query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    exec: async (text) => {
      await client.query(text);
    },
  };
}

async function inTransaction<T>(client: pg.PoolClient, fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
  await client.query("begin");
  try {
    const result = await fn(clientRunner(client));
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

/** Where the PostgreSQL at `url` lives, without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "localhost"}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(malformed DATABASE_URL)";
  }
}

function postgresProblem(url: string, error: unknown, connectTimeoutMs: number): string {
  const where = `PostgreSQL at ${redactUrl(url)}`;
  // pg reports its own connection timeout without a code.
  const code = (error as { code?: string }).code ?? (/timeout/i.test(describe(error)) ? "ETIMEDOUT" : undefined);
  switch (code) {
    case "ECONNREFUSED":
      return `${where} refused the connection: is the server running and listening there?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${where}: the host name does not resolve`;
    case "ETIMEDOUT":
      return `${where} did not answer within ${connectTimeoutMs / 1000} seconds`;
    case "28P01":
    case "28000":
      return `${where} rejected the user name or password`;
    case "3D000":
      return `${where}: that database does not exist (create it first)`;
    default:
      return `${where} is unreachable: ${describe(error)}`;
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] || "unknown error";
}

/**
 * PGlite has no lock of its own and two processes writing one data directory corrupt it,
 * so the directory is claimed with a pid file beside it (see lib/pid-lock.ts).
 */
export function lockDataDir(dataDir: string): () => void {
  const lock = tryPidLock(`${dataDir}.lock`);
  if ("heldBy" in lock) {
    throw new ConfigError(
      `the embedded database ${dataDir} is already open by another process (pid ${lock.heldBy}): ` +
        "stop that Shiproom first, or set SHIPROOM_DATA_DIR to another folder",
    );
  }
  return lock.release;
}
