// The Prisma client of this process. The database opens on the first query (never at import:
// `next build` imports every module), once per process (a globalThis singleton survives the
// several copies of this module a bundler may make).
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env, type DatabaseTarget } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { openDatabase, type OpenedDatabase } from "./connection";
import { captureTransactions, registerClient, statementName } from "./driver";

export type Db = PrismaClient;
/** The client inside an interactive transaction. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type ProcessDb = { prisma: PrismaClient; opened: () => Promise<OpenedDatabase> };
const store = globalThis as typeof globalThis & { __shiproomDb?: ProcessDb };

function logLevels(logQueries: boolean): ("query" | "warn" | "error")[] {
  return logQueries ? ["query", "warn", "error"] : ["warn", "error"];
}

/**
 * The driver adapter Prisma uses for a database, its driver watched (./driver.ts) so that SQL
 * statements of a change run on the change's connection. On PostgreSQL Prisma's own statements run
 * prepared too, under the same names as the driver's (adapter-pg's statementNameGenerator).
 */
function adapterFor(opened: OpenedDatabase): SqlDriverAdapterFactory {
  captureTransactions(opened);
  return opened.kind === "pglite"
    ? new PrismaPGlite(opened.pglite)
    : new PrismaPg(opened.pool, { statementNameGenerator: (query) => statementName(opened.pool, query.sql) as string });
}

/** A Prisma client over an already opened database (tests, the launcher, the seed). */
export function prismaFor(opened: OpenedDatabase): PrismaClient {
  const prisma = new PrismaClient({ adapter: adapterFor(opened), log: logLevels(env().logQueries) });
  registerClient(prisma, () => Promise.resolve(opened));
  return prisma;
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
  const prisma = new PrismaClient({ adapter: lazyAdapter(open, target), log: logLevels(logQueries) });
  registerClient(prisma, open);
  return { opened: open, prisma };
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
  registerClient(prisma, () => Promise.resolve(opened));
  return prisma;
}
