// Interactive transactions for changes, with work deferred to their end: what a change records
// as it goes (audit events, live-update notices) is written in a few statements just before the
// commit. The audit chain's lock is then held for milliseconds, not for the whole change.
import { db, type Tx } from "./client";
import { openingTransaction } from "./driver";

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

type TransactionOptions = { maxWait?: number; timeout?: number };

/**
 * One interactive transaction for a change; what fn deferred is flushed before the commit. Its
 * connection is noted, so statements of lib/db/driver.ts given tx run on it directly.
 */
export function transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  return openingTransaction((connectionOf) =>
    db().$transaction(async (tx) => {
      connectionOf(tx);
      const queues = new Map<Deferred<never>, unknown[]>();
      pending.set(tx, queues);
      const result = await fn(tx);
      pending.delete(tx);
      for (const [kind, items] of [...queues].sort(([a], [b]) => a.order - b.order)) await kind.flush(tx, items as never[]);
      return result;
    }, options),
  );
}
