// What every outbox of Shiproom (webhook deliveries, lib/webhooks/dispatcher.ts; emails,
// lib/email/dispatcher.ts) shares: the backoff between attempts, and the loop each server process
// runs — on a timer, and at once when a change notice says something was queued — that never
// runs two drains of one outbox at the same time in one process (the database's
// FOR UPDATE SKIP LOCKED keeps processes apart).
import "server-only";
import { env } from "@/lib/env";
import { changeBus } from "@/lib/realtime/bus";
import type { LiveTopic } from "@/lib/realtime/topics";

/** Backoff before attempt `failed + 1`: base, 2×base, 4×base, … */
export function retryDelayMs(failed: number, base: number): number {
  return base * 2 ** Math.max(0, failed - 1);
}

function reporter(name: string) {
  return (error: unknown) => console.error(`[${name}] ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Claims due items batch after batch (`claim` leases them) and sends each batch at once, until
 * none is due; one item's failure is reported, not thrown. Returns how many were attempted.
 */
export async function drainBatches<T>(name: string, claim: () => Promise<T[]>, send: (item: T) => Promise<void>): Promise<number> {
  const report = reporter(name);
  let total = 0;
  for (;;) {
    const batch = await claim();
    if (batch.length === 0) return total;
    await Promise.all(batch.map((item) => send(item).catch(report)));
    total += batch.length;
  }
}

type Runner = { timer: NodeJS.Timeout; kick: () => void };

const store = globalThis as typeof globalThis & { __shiproomOutboxes?: Map<string, Runner> };

/**
 * Starts this process's runner of one outbox (once per name): `drain` every poll interval, and at
 * once when a change notice carries a topic `wakesOn` accepts.
 */
export function startOutboxRunner(name: string, drain: () => Promise<unknown>, wakesOn: (topic: LiveTopic) => boolean): void {
  store.__shiproomOutboxes ??= new Map();
  if (store.__shiproomOutboxes.has(name)) return;
  const report = reporter(name);
  let running: Promise<void> | null = null;
  let again = false;
  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .then(() => undefined, report)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  const timer = setInterval(kick, env().webhooks.pollMs);
  timer.unref();
  changeBus().subscribe((notice) => {
    if (notice.topics.some(wakesOn)) kick();
  });
  store.__shiproomOutboxes.set(name, { timer, kick });
  kick();
}
