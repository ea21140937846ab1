// SQL statements (./sql.ts) run straight on the database driver (pg, PGlite) rather than through
// Prisma's raw layer: measured side by side on Prisma 7.10 (npm run bench -- --against), Prisma's
// raw layer cost 35–50 % more server CPU per registration and per approval than this module. A
// statement of fixed text runs as a named prepared statement: on PostgreSQL by pg's named
// statements, once per connection; on PGlite by ./pglite-prepared.ts, once per database, for
// Prisma's statements as well as these.
//
// Inside a change (transaction() in ./transaction.ts) they run on the change's own connection:
// Prisma opens the transaction, and the driver is watched while it does so that the connection
// it takes is known (captureTransactions). Where it is not known, Prisma runs the statement.
// From the moment the change's function settles (Prisma sends COMMIT or ROLLBACK next), its time
// runs out, or its connection goes back to the pool, statements given its tx are refused.
//
// What this depends on in Prisma and its adapters (checked by lib/db/sql.db.test.ts on both
// engines, so an upgrade that changes one fails there first):
//   1. @prisma/adapter-pg opens an interactive transaction by `pool.connect()` (no callback) on the
//      pg.Pool it was given, runs the transaction's statements on that client, and gives it back
//      with `client.release()` after COMMIT or ROLLBACK;
//   2. pglite-prisma-adapter opens one by `pglite.transaction(callback)` and runs its statements on
//      the callback's transaction object until the callback settles;
//   3. Prisma calls the adapter's startTransaction inside the async context of `$transaction(fn)`
//      (AsyncLocalStorage sees it), and hands fn a `tx` object of its own per transaction.
//
// Results are what the SQL says they are, on both engines and through Prisma alike, so callers
// cast what the drivers would read differently: int8 (count(*), sequences) as ::int or ::text,
// enum arrays as ::text[]. Timestamps are all timestamptz here, which every driver reads as a Date.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { Transaction as PGliteTransaction } from "@electric-sql/pglite";
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db, Tx } from "./client";
import type { OpenedDatabase } from "./connection";
import { preparedStatements, type PgliteQuery } from "./pglite-prepared";

type Answer = { rows: unknown[]; count: number };

/** A connection statements can run on. */
/** A connection; `timed` when its server can stop a statement at a time limit (PostgreSQL's, not PGlite's single thread). */
type Connection = { run(query: Prisma.Sql): Promise<Answer>; timed?: boolean };

// A name per statement text, so one text is prepared once per connection. Bounded per pool (the
// connections that hold the prepared statements): a statement whose text varies (lists spliced
// in) must not grow every connection's set of prepared statements without end; past the bound,
// new texts run unnamed.
const MAX_NAMED = 200;

/**
 * The name a statement of this text runs under on the pool's connections (undefined past the
 * bound: unnamed). Also given to adapter-pg for Prisma's own statements.
 */
export function statementName(pool: pg.Pool, text: string): string | undefined {
  let named = names.get(pool);
  if (!named) names.set(pool, (named = new Map()));
  const known = named.get(text);
  if (known || named.size >= MAX_NAMED) return known;
  const name = `shiproom_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
  named.set(text, name);
  return name;
}

async function onPg(pool: pg.Pool, client: pg.Pool | pg.PoolClient, query: Prisma.Sql): Promise<Answer> {
  const text = query.text; // a getter that joins the statement's parts anew each time
  const result = await client.query({ name: statementName(pool, text), text, values: query.values });
  return { rows: result.rows, count: result.rowCount ?? 0 };
}

async function onPglite(client: Pick<PGliteTransaction, "query">, query: Prisma.Sql): Promise<Answer> {
  const result = await client.query(query.text, query.values);
  return { rows: result.rows, count: result.affectedRows ?? 0 };
}

/** The connection behind a process client (statements outside any transaction). */
async function processConnection(opened: () => Promise<OpenedDatabase>): Promise<Connection> {
  const database = await opened();
  return database.kind === "postgres"
    ? { run: (query) => onPg(database.pool, database.pool, query) }
    : { run: (query) => onPglite(database.pglite, query) };
}

// --- The connection of a transaction Prisma opens ------------------------------------------

/**
 * Set while transaction() runs a change (its whole async context): the connection Prisma takes
 * lands here. The change is open until its function settles (then Prisma commits or rolls back),
 * its connection goes back to the pool, or its time runs out (counted from before Prisma starts
 * its own timer, so this one ends first).
 */
type Opening = { connection?: Connection; deadline: number; timeoutMs: number; settled: boolean; prepared: boolean };

/** Why a statement given a change's tx may no longer run, or null while the change is open. */
function endedBecause(slot: Opening): string | null {
  if (slot.settled) return "Transaction already closed: a statement after the change committed or rolled back";
  if (Date.now() >= slot.deadline) return `Transaction timed out: the change took longer than ${slot.timeoutMs} ms, and was rolled back`;
  return null;
}

/** A change is running in this async context, on its own connection, and has not ended. */
function insideOpenChange(): boolean {
  const slot = opening.getStore();
  return Boolean(slot?.connection) && endedBecause(slot!) === null;
}

/** A statement on the process's client inside a change: it would run outside the change (and on PGlite wait for it forever). */
const FORGOTTEN_TX =
  "A statement outside the open transaction: inside transaction(), give every statement the change's tx (db() here would not see the change, and on PGlite would wait for it)";

// One state per process, like db()'s client: a bundler may make several copies of this module,
// and the copy that watches the driver must see the transactions every other copy opens.
type DriverState = {
  names: WeakMap<pg.Pool, Map<string, string>>;
  opening: AsyncLocalStorage<Opening>;
  transactions: WeakMap<Tx, Connection>;
  clients: WeakMap<Db, () => Promise<OpenedDatabase>>;
  watched: WeakSet<object>;
};
const store = globalThis as typeof globalThis & { __shiproomDriver?: DriverState };
const { names, opening, transactions, clients, watched } = (store.__shiproomDriver ??= {
  names: new WeakMap(),
  opening: new AsyncLocalStorage(),
  transactions: new WeakMap(),
  clients: new WeakMap(),
  watched: new WeakSet(),
});

/** A process's Prisma client and how to reach its database: statements given it run on the driver (./client.ts registers each). */
export function registerClient(client: Db, opened: () => Promise<OpenedDatabase>): void {
  clients.set(client, opened);
}

/** A transaction's connection, refusing statements once the change has ended or given its connection back. */
function untilClosed(slot: Opening, released: () => boolean, run: Connection["run"], timed = false): Connection {
  return {
    timed,
    run: (query) => {
      const ended = endedBecause(slot) ?? (released() ? "Transaction already closed: its connection was given back" : null);
      return ended ? Promise.reject(new Error(ended)) : run(query);
    },
  };
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
      if (insideOpenChange()) {
        const error = new Error(FORGOTTEN_TX);
        if (typeof callback === "function") return void (callback as (e: Error) => void)(error);
        return Promise.reject(error);
      }
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
          slot,
          () => given,
          (query) => onPg(pool, client, query),
          true,
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
  // Statements run prepared, once per text (./pglite-prepared.ts): Prisma's, the driver's and the app's alike.
  const prepare = preparedStatements(pglite);
  const query = prepare(pglite.query.bind(pglite) as PgliteQuery);
  const exec = pglite.exec.bind(pglite);
  // PGlite has one connection: a statement outside the open change would wait for it forever.
  const refuseInsideChange = () => {
    if (insideOpenChange()) throw new Error(FORGOTTEN_TX);
  };
  pglite.query = ((...args: Parameters<PgliteQuery>) => {
    refuseInsideChange();
    return query(...args);
  }) as typeof pglite.query;
  pglite.exec = ((...args: Parameters<typeof exec>) => {
    refuseInsideChange();
    return exec(...args);
  }) as typeof pglite.exec;
  pglite.transaction = (<T>(callback: (tx: PGliteTransaction) => Promise<T>) => {
    refuseInsideChange();
    const slot = opening.getStore();
    return transaction((tx) => {
      // A bulk change's statements run unprepared (BULK in ./transaction.ts says why).
      if (slot?.prepared !== false) tx.query = prepare(tx.query.bind(tx) as PgliteQuery, tx) as typeof tx.query;
      if (slot && !slot.connection)
        slot.connection = untilClosed(
          slot,
          () => tx.closed,
          (query) => onPglite(tx, query),
        );
      return callback(tx);
    });
  }) as typeof pglite.transaction;
}

/** What transaction() tells the driver about the change it runs. */
export type ChangeHooks = {
  /** Prisma has opened the transaction: its connection serves statements given tx. */
  opened(tx: Tx): void;
  /** The change's function has settled: Prisma commits or rolls back next. */
  settled(): void;
};

/**
 * Runs open() (which asks Prisma for a transaction that times out after timeoutMs) noting the
 * connection it takes; statements given its tx are refused once the change has ended.
 */
export function openingTransaction<T>(
  limits: { timeout: number; prepared: boolean },
  open: (hooks: ChangeHooks) => Promise<T>,
): Promise<T> {
  const timeoutMs = limits.timeout;
  const slot: Opening = { deadline: Date.now() + timeoutMs, timeoutMs, settled: false, prepared: limits.prepared };
  return opening.run(slot, () =>
    open({
      opened: (tx) => {
        if (slot.connection) transactions.set(tx, slot.connection);
      },
      settled: () => {
        slot.settled = true;
      },
    }),
  );
}

/**
 * Has the server stop any statement of tx that runs longer than ms (statement_timeout, for this
 * transaction only): when Prisma gives up on a change, a statement still running would otherwise
 * go on, holding its locks, until it ended. PostgreSQL only: PGlite runs one statement at a time
 * in this process and has no timer to stop it, so it is not asked (a round trip saved per change).
 */
export async function stopStatementsAfter(tx: Tx, ms: number): Promise<void> {
  const connection = transactions.get(tx);
  if (connection?.timed) await connection.run(Prisma.sql`select set_config('statement_timeout', ${String(ms)}, true)`);
}

// --- Statements ----------------------------------------------------------------------------

/** Whether statements given client run on the driver (not through Prisma). */
export function runsOnDriver(client: Db | Tx): boolean {
  return clients.has(client as Db) || transactions.has(client as Tx);
}

/** Runs a statement on the driver when client is a registered process client or a change's tx; null otherwise (Prisma runs it). */
export async function runOnDriver(query: Prisma.Sql, client: Db | Tx): Promise<Answer | null> {
  const opened = clients.get(client as Db);
  if (opened) return (await processConnection(opened)).run(query);
  const connection = transactions.get(client as Tx);
  return connection ? connection.run(query) : null;
}
