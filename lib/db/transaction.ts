// Interactive transactions for changes, with work deferred to their end: what a change records
// as it goes (audit events, live-update notices) is written in a few statements just before the
// commit. The audit chain's lock is then held for milliseconds, not for the whole change.
import { changeScope, type ChangeScope } from "./change-scope";
import { db, openedDatabase, type Tx } from "./client";

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

/** How long a change may wait for a connection and then hold its transaction, in ms. */
export type TransactionLimits = { readonly maxWait: number; readonly timeout: number };

/** A change of a handful of rows (a decision, a setting): a second is long; this leaves room for a busy machine. */
export const CHANGE: TransactionLimits = { maxWait: 10_000, timeout: 15_000 };
/** A change of many rows (a JUnit report of 100,000 tests, a pipeline file, a project's seed). */
export const BULK: TransactionLimits = { maxWait: 60_000, timeout: 300_000 };

/**
 * Has the server stop any statement of tx that runs longer than ms (statement_timeout, for this
 * transaction only): when Prisma gives up on a change, a statement still running would otherwise
 * go on, holding its locks, until it ended. PostgreSQL only: PGlite runs one statement at a time
 * in this process and has no timer to stop it, so it is not asked (a round trip saved per change).
 */
async function stopStatementsAfter(tx: Tx, ms: number): Promise<void> {
  if ((await openedDatabase()).kind === "postgres") await tx.$executeRaw`select set_config('statement_timeout', ${String(ms)}, true)`;
}

/**
 * One interactive transaction for a change, with limits chosen for it (CHANGE, BULK); what fn
 * deferred is flushed before the commit. Prisma refuses statements given tx once the change has
 * committed, rolled back or timed out, so nothing runs outside a transaction that reported
 * failure. Inside fn, a statement on db() instead of tx fails at once (./client.ts).
 */
export function transaction<T>(fn: (tx: Tx) => Promise<T>, limits: TransactionLimits): Promise<T> {
  const scope: ChangeScope = { opened: false, settled: false, deadline: Date.now() + limits.timeout };
  return changeScope.run(scope, () =>
    db().$transaction(
      async (tx) => {
        scope.opened = true;
        try {
          await stopStatementsAfter(tx, limits.timeout);
          const queues = new Map<Deferred<never>, unknown[]>();
          pending.set(tx, queues);
          const result = await fn(tx);
          pending.delete(tx);
          for (const [kind, items] of [...queues].sort(([a], [b]) => a.order - b.order)) await kind.flush(tx, items as never[]);
          return result;
        } finally {
          pending.delete(tx);
          scope.settled = true;
        }
      },
      { maxWait: limits.maxWait, timeout: limits.timeout },
    ),
  );
}
