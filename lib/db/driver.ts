// Statements on the paths every API call takes, straight through the driver rather than Prisma's
// raw layer: on this kind of machine each statement through Prisma cost about twice the CPU of
// the same statement through pg, and on PostgreSQL a statement of fixed text runs as a named
// prepared statement, planned once per connection instead of on every call (the promotion
// loader's plan cost PostgreSQL more than running it).
//
// Inside a change (transaction() in ./transaction.ts) they run on the change's own connection:
// Prisma opens the transaction, and the driver is watched while it does so that the connection
// it takes is known (captureTransactions). Where it is not known, Prisma runs the statement.
//
// Results are what the SQL says they are, on both engines and through Prisma alike, so callers
// cast what the drivers would read differently: int8 (count(*), sequences) as ::int or ::text,
// enum arrays as ::text[]. Timestamps are all timestamptz here, which every driver reads as a Date.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { Transaction as PGliteTransaction } from "@electric-sql/pglite";
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, openedDatabase, type Db, type Tx } from "./client";
import type { OpenedDatabase } from "./connection";

type Answer = { rows: unknown[]; count: number };

/** A connection statements can run on. */
type Connection = { run(query: Prisma.Sql): Promise<Answer> };

// A name per statement text, so one text is prepared once per connection. Bounded: a statement
// whose text varies (lists spliced in) must not grow every connection's set of prepared
// statements without end; past the bound, new texts run unnamed.
const MAX_NAMED = 200;

function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known || names.size >= MAX_NAMED) return known;
  const name = `shiproom_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
  names.set(text, name);
  return name;
}

async function onPg(client: pg.Pool | pg.PoolClient, query: Prisma.Sql): Promise<Answer> {
  const text = query.text; // a getter that joins the statement's parts anew each time
  const result = await client.query({ name: statementName(text), text, values: query.values });
  return { rows: result.rows, count: result.rowCount ?? 0 };
}

async function onPglite(client: Pick<PGliteTransaction, "query">, query: Prisma.Sql): Promise<Answer> {
  const result = await client.query(query.text, query.values);
  return { rows: result.rows, count: result.affectedRows ?? 0 };
}

/** The connection behind the process's client (statements outside any transaction). */
async function processConnection(): Promise<Connection> {
  const opened = await openedDatabase();
  return opened.kind === "postgres" ? { run: (query) => onPg(opened.pool, query) } : { run: (query) => onPglite(opened.pglite, query) };
}

// --- The connection of a transaction Prisma opens ------------------------------------------

/** Set while transaction() asks Prisma to open one: the connection Prisma takes lands here. */
type Opening = { connection?: Connection };

// One state per process, like db()'s client: a bundler may make several copies of this module,
// and the copy that watches the driver must see the transactions every other copy opens.
type DriverState = {
  names: Map<string, string>;
  opening: AsyncLocalStorage<Opening>;
  transactions: WeakMap<Tx, Connection>;
  watched: WeakSet<object>;
};
const store = globalThis as typeof globalThis & { __shiproomDriver?: DriverState };
const { names, opening, transactions, watched } = (store.__shiproomDriver ??= {
  names: new Map(),
  opening: new AsyncLocalStorage(),
  transactions: new WeakMap(),
  watched: new WeakSet(),
});

/** A transaction's connection, refusing statements once the transaction has ended. */
function untilClosed(closed: () => boolean, run: Connection["run"]): Connection {
  return { run: (query) => (closed() ? Promise.reject(new Error("Transaction already closed")) : run(query)) };
}

/**
 * Watches the driver Prisma's adapter uses, once: a connection taken for a transaction while
 * openingTransaction() runs is remembered for it. A connection is used only until Prisma gives it
 * back (commit, rollback, or its timeout); after that its statements fail, as Prisma's would.
 */
export function captureTransactions(opened: OpenedDatabase): void {
  if (opened.kind === "postgres") {
    const pool = opened.pool;
    if (watched.has(pool)) return;
    watched.add(pool);
    const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient>;
    // pg-pool's own query() takes connections with a callback: those pass by untouched.
    pool.connect = ((callback?: unknown) => {
      const slot = opening.getStore();
      if (callback !== undefined || !slot || slot.connection) return connect(callback);
      return connect().then((client) => {
        let given = false;
        const release = client.release;
        client.release = (...args: Parameters<typeof release>) => {
          given = true;
          client.release = release;
          return release.apply(client, args);
        };
        slot.connection = untilClosed(
          () => given,
          (query) => onPg(client, query),
        );
        return client;
      });
    }) as typeof pool.connect;
    return;
  }
  const pglite = opened.pglite;
  if (watched.has(pglite)) return;
  watched.add(pglite);
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = (<T>(callback: (tx: PGliteTransaction) => Promise<T>) => {
    const slot = opening.getStore();
    if (!slot || slot.connection) return transaction(callback);
    return transaction((tx) => {
      slot.connection = untilClosed(
        () => tx.closed,
        (query) => onPglite(tx, query),
      );
      return callback(tx);
    });
  }) as typeof pglite.transaction;
}

/** Runs open() (which asks Prisma for a transaction) noting the connection it takes. */
export function openingTransaction<T>(open: (connectionOf: (tx: Tx) => void) => Promise<T>): Promise<T> {
  const slot: Opening = {};
  return opening.run(slot, () =>
    open((tx) => {
      if (slot.connection) transactions.set(tx, slot.connection);
    }),
  );
}

// --- Statements ----------------------------------------------------------------------------

/** Whether statements given client run on the driver (not through Prisma). */
export function runsOnDriver(client: Db | Tx): boolean {
  return client === db() || transactions.has(client as Tx);
}

async function run(query: Prisma.Sql, client: Db | Tx): Promise<Answer | null> {
  if (client === db()) return (await processConnection()).run(query);
  const connection = transactions.get(client as Tx);
  return connection ? connection.run(query) : null;
}

/** The rows of a statement: on the driver outside a transaction and in one transaction() opened. */
export async function readRows<T>(query: Prisma.Sql, client: Db | Tx = db()): Promise<T[]> {
  const answer = await run(query, client);
  return answer ? (answer.rows as T[]) : client.$queryRaw<T[]>(query);
}

/** A statement's count of rows changed, likewise. */
export async function execute(query: Prisma.Sql, client: Db | Tx = db()): Promise<number> {
  const answer = await run(query, client);
  return answer ? answer.count : client.$executeRaw(query);
}
