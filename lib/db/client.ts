// The Prisma client of this process. The database opens on the first query (never at import:
// `next build` imports every module), once per process (a globalThis singleton survives the
// several copies of this module a bundler may make).
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env, type DatabaseTarget } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { FORGOTTEN_TX, insideOpenChange } from "./change-scope";
import { openDatabase, type OpenedDatabase } from "./connection";

export type Db = PrismaClient;
/** The client inside an interactive transaction. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type ProcessDb = { prisma: PrismaClient; opened: () => Promise<OpenedDatabase> };
const store = globalThis as typeof globalThis & { __shiproomDb?: ProcessDb };

function logLevels(logQueries: boolean): ("query" | "warn" | "error")[] {
  return logQueries ? ["query", "warn", "error"] : ["warn", "error"];
}

// On PostgreSQL a statement runs as a named prepared statement, planned once per connection, its
// name a hash of its text. Bounded: texts that vary (an `in` list's length) must not grow every
// connection's set of prepared statements without end; past the bound, new texts run unnamed.
const MAX_NAMED = 500;
const statementNames = ((globalThis as typeof globalThis & { __shiproomStatementNames?: Map<string, string> }).__shiproomStatementNames ??=
  new Map());

function statementName(query: { sql: string }): string {
  const known = statementNames.get(query.sql);
  if (known || statementNames.size >= MAX_NAMED) return known as string; // undefined: unnamed
  const name = `shiproom_${createHash("sha1").update(query.sql).digest("hex").slice(0, 20)}`;
  statementNames.set(query.sql, name);
  return name;
}

/**
 * The driver adapter Prisma uses for a database, refusing statements on the process's client while
 * the running code is inside an open change (a forgotten `tx`): such a statement would not see the
 * change, and on PGlite, which has one connection, it would wait for the change forever. Statements
 * on a change's own transaction do not pass here. Only the adapter interface Prisma documents for
 * driver adapters is used.
 */
function adapterFor(opened: OpenedDatabase): SqlDriverAdapterFactory {
  const factory =
    opened.kind === "pglite" ? new PrismaPGlite(opened.pglite) : new PrismaPg(opened.pool, { statementNameGenerator: statementName });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      const refuseInsideChange =
        <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
        (...args: A): Promise<R> =>
          insideOpenChange() ? Promise.reject(new Error(FORGOTTEN_TX)) : run(...args);
      return Object.assign(Object.create(adapter) as typeof adapter, {
        queryRaw: refuseInsideChange(adapter.queryRaw.bind(adapter)),
        executeRaw: refuseInsideChange(adapter.executeRaw.bind(adapter)),
        executeScript: refuseInsideChange(adapter.executeScript.bind(adapter)),
        startTransaction: refuseInsideChange(adapter.startTransaction.bind(adapter)),
      });
    },
  };
}

/** A Prisma client over an already opened database (tests, the launcher, the seed). */
export function prismaFor(opened: OpenedDatabase): PrismaClient {
  return new PrismaClient({ adapter: adapterFor(opened), log: logLevels(env().logQueries) });
}

const SERVER_CONNECT_TIMEOUT_MS = 30_000;

/**
 * Opens the database on the first call and hands out that one connection after. A failed open
 * is not kept: the next call tries again. A server process that met PostgreSQL restarting, or a
 * connection timing out on a busy machine, recovers with the next request instead of failing
 * every request until it is restarted.
 */
function opener(target: DatabaseTarget): () => Promise<OpenedDatabase> {
  let opening: Promise<OpenedDatabase> | undefined;
  return () => {
    opening ??= openDatabase(target, { connectTimeoutMs: SERVER_CONNECT_TIMEOUT_MS }).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
}

/** Opens the database on first use; the adapter Prisma sees connects once it is open. */
function lazyAdapter(open: () => Promise<OpenedDatabase>, target: DatabaseTarget): SqlDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: target.kind === "pglite" ? "pglite-prisma-adapter" : "@prisma/adapter-pg",
    connect: async () => adapterFor(await open()).connect(),
  };
}

/** A client that opens `target` on its first query, and again on the next if that failed (db() of a server process). */
export function lazyClient(target: DatabaseTarget, logQueries = false): ProcessDb {
  const open = opener(target);
  return {
    opened: open,
    prisma: new PrismaClient({ adapter: lazyAdapter(open, target), log: logLevels(logQueries) }),
  };
}

function processDb(): ProcessDb {
  if (!store.__shiproomDb) {
    const { database, logQueries } = env();
    store.__shiproomDb = lazyClient(database, logQueries);
  }
  return store.__shiproomDb;
}

/** This process's Prisma client. */
export function db(): PrismaClient {
  return processDb().prisma;
}

/** The raw connection behind db() (live updates use its LISTEN/NOTIFY). */
export function openedDatabase(): Promise<OpenedDatabase> {
  return processDb().opened();
}

/** Tests and scripts point db() at a database they opened themselves. */
export function bindDatabase(opened: OpenedDatabase, prisma: PrismaClient = prismaFor(opened)): PrismaClient {
  store.__shiproomDb = { prisma, opened: () => Promise.resolve(opened) };
  return prisma;
}
