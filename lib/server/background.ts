// Work the server does on its own. Every server process may run it:
//   - once a minute (SHIPROOM_TICK_MS), re-check waiting promotions (one held only by a freeze
//     starts when the freeze ends; each settle happens under the environment's lock and is
//     idempotent), remind approvers and tell admins of promotions waiting past their environment's
//     remindAfter / escalateAfter (each at most once per due time, whatever the number of
//     servers: lib/promotions/nudges.ts) and forget Idempotency-Keys past their lifetime;
//   - the webhook dispatcher: deliveries due now, at once when one is queued, else every second;
//   - the email dispatcher (when SMTP_URL is set): likewise, and each member's daily digest at
//     08:00 in their time zone, by the server's clock (lib/clock.ts).
import { startEmailDispatcher } from "@/lib/email/dispatcher";
import { env } from "@/lib/env";
import { pruneIdempotencyKeys } from "@/lib/http/idempotency";
import { remindWaiting } from "@/lib/promotions/nudges";
import { deployHookDelivered, deployHookUndeliverable, settleAllWaiting } from "@/lib/promotions/workflow";
import { startDispatcher } from "@/lib/webhooks/dispatcher";

const store = globalThis as typeof globalThis & { __shiproomBackground?: NodeJS.Timeout };

function report(error: unknown) {
  console.error(`[ticker] ${error instanceof Error ? error.message : String(error)}`);
}

export function startBackgroundWork(intervalMs = env().tickMs): void {
  if (store.__shiproomBackground) return;
  store.__shiproomBackground = setInterval(() => {
    settleAllWaiting().catch(report);
    remindWaiting().catch(report);
    pruneIdempotencyKeys().catch(report);
  }, intervalMs);
  store.__shiproomBackground.unref();
  startDispatcher({ deployHookDelivered, deployHookUndeliverable });
  startEmailDispatcher();
}
