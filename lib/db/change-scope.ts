// Which change (lib/db/transaction.ts) the running code is inside, if any: the one piece of state
// the client (./client.ts) and transaction() share. A leaf module, so neither imports the other
// for it.
import { AsyncLocalStorage } from "node:async_hooks";

/** A change in progress: opened once Prisma handed it its transaction, ended when its function settled or its time ran out. */
export type ChangeScope = { opened: boolean; settled: boolean; deadline: number };

// One per process, like db()'s client: a bundler may make several copies of this module.
const store = globalThis as typeof globalThis & { __shiproomChangeScope?: AsyncLocalStorage<ChangeScope> };
export const changeScope = (store.__shiproomChangeScope ??= new AsyncLocalStorage<ChangeScope>());

/** A statement on the process's client inside a change: it would run outside the change (and on PGlite wait for it). */
export const FORGOTTEN_TX =
  "A statement outside the open transaction: inside transaction(), give every statement the change's tx (db() here would not see the change, and on PGlite would wait for it)";

/** Whether the running code is inside a change that is open: its transaction begun, its function not settled, its time not up. */
export function insideOpenChange(): boolean {
  const scope = changeScope.getStore();
  return scope !== undefined && scope.opened && !scope.settled && Date.now() < scope.deadline;
}
