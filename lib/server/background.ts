// Work the server does on its own: re-checking waiting promotions once a minute, so that one
// held only by a freeze starts when the freeze ends. Every server process may run it: each
// settle happens under the environment's lock and is idempotent.
import { settleAllWaiting } from "@/lib/promotions/mutations";

const store = globalThis as typeof globalThis & { __shiproomBackground?: NodeJS.Timeout };

export function startBackgroundWork(intervalMs = 60_000): void {
  if (store.__shiproomBackground) return;
  store.__shiproomBackground = setInterval(() => {
    settleAllWaiting().catch((error: unknown) => console.error(`[ticker] ${error instanceof Error ? error.message : String(error)}`));
  }, intervalMs);
  store.__shiproomBackground.unref();
}
