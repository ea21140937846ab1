// Interactive transactions for changes, with work deferred to their end: what a change records
// as it goes (audit events, live-update notices) is written in a few statements just before the
// commit. The audit chain's lock is then held for milliseconds, not for the whole change.
import { db, type Tx } from "./client";
import { openingTransaction, stopStatementsAfter } from "./driver";

/** A kind of deferred work: its items are flushed together, kinds in ascending order. */
export type Deferred<T> = { order: number; flush: (tx: Tx, items: T[]) => Promise<void> };

const pending = new WeakMap<Tx, Map<Deferred<never>, unknown[]>>();

/** Queues an item for the end of tx; false when tx was not opened by transaction(). */
export function deferToCommit<T>(tx: Tx, kind: Deferred<T>, item: T): boolean {
  const queues = pending.get(tx);
  if (!queues) return false;
  const queue = queues.get(kind as Deferred<never>) ?? [];
  queue.push(item);
  queues.set(kind as Deferred<never>, queue);
  return true;
}

/**
 * How long a change may wait for a connection and then hold its transaction, in ms; and whether
 * its statements run prepared on PGlite (./pglite-prepared.ts).
 */
export type TransactionLimits = { readonly maxWait: number; readonly timeout: number; readonly prepared: boolean };

/** A change of a handful of rows (a decision, a setting): a second is long; this leaves room for a busy machine. */
export const CHANGE: TransactionLimits = { maxWait: 10_000, timeout: 15_000, prepared: true };
/**
 * A change that queues behind others on one lock or writes a run's thousands of rows (many
 * registrations on one release, promotions on one environment — PGlite runs one at a time —, a
 * run of 5,000 results, a pipeline file): a minute to wait for its turn, two to finish; its
 * statements are a handful of texts, prepared like a CHANGE's.
 */
export const LONG_CHANGE: TransactionLimits = { maxWait: 60_000, timeout: 120_000, prepared: true };
/**
 * A change of many rows (a JUnit report of 100,000 tests, a pipeline file, a project's seed). Its
 * statements run unprepared on PGlite: each runs on thousands of rows, where parsing and planning
 * are a sliver of the time, and a plan made for the rows at hand (staged tables, fresh statistics)
 * must not give way to a generic one.
 */
export const BULK: TransactionLimits = { maxWait: 60_000, timeout: 300_000, prepared: false };

/**
 * One interactive transaction for a change, with limits chosen for it (CHANGE, LONG_CHANGE, BULK); what fn
 * deferred is flushed before the commit. Its connection is noted, so statements of
 * lib/db/driver.ts given tx run on it directly — and are refused once fn has settled or the
 * time is up, so nothing runs outside a transaction that reported failure. Inside fn, a
 * statement on db() instead of tx fails at once.
 */
export function transaction<T>(fn: (tx: Tx) => Promise<T>, limits: TransactionLimits): Promise<T> {
  return openingTransaction(limits, (change) =>
    db().$transaction(
      async (tx) => {
        change.opened(tx);
        await stopStatementsAfter(tx, limits.timeout);
        const queues = new Map<Deferred<never>, unknown[]>();
        pending.set(tx, queues);
        try {
          const result = await fn(tx);
          pending.delete(tx);
          for (const [kind, items] of [...queues].sort(([a], [b]) => a.order - b.order)) await kind.flush(tx, items as never[]);
          return result;
        } finally {
          pending.delete(tx);
          change.settled();
        }
      },
      { maxWait: limits.maxWait, timeout: limits.timeout },
    ),
  );
}
