// Sends what the outbox holds. Every server process runs one: each claims due deliveries with
// FOR UPDATE SKIP LOCKED and moves them forward by a lease, so no delivery is sent twice at once
// and one whose sender died is picked up again when its lease runs out. A failed attempt is
// retried after retryBaseMs, then twice as long each time, up to maxAttempts (the loop and the
// backoff are lib/outbox/runner.ts, shared with the email outbox).
import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { drainBatches, retryDelayMs, startOutboxRunner } from "@/lib/outbox/runner";
import { unseal } from "@/lib/auth/secret-box";
import { egressFetch } from "@/lib/egress/fetch";
import { commitAndPush, type GitTarget } from "@/lib/gitops/git";
import { deployHookConfig, gitConfig, signingSecret, type GitDelivery } from "./outbox";
import { GIT_EVENT } from "./schemas";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";

type Claimed = {
  id: string;
  projectId: string;
  eventId: string;
  eventType: string;
  url: string;
  body: string;
  attempts: number;
  webhookId: string | null;
  deploymentId: string | null;
};

const BATCH = 10;

/**
 * Where a promotion's deploy hook ended up, told to the promotion: lib/promotions/workflow.ts's
 * deployHookDelivered and deployHookUndeliverable, passed in by the caller (promotions queue
 * their deploy hooks here, so lib/promotions builds on lib/webhooks, not the other way).
 */
export type DeployHookOutcomes = {
  deployHookDelivered: (id: string, what: string) => Promise<void>;
  deployHookUndeliverable: (id: string, message: string) => Promise<void>;
};

async function claim(): Promise<Claimed[]> {
  const leaseMs = env().webhooks.timeoutMs + 30_000;
  return db().$queryRaw<Claimed[]>`
    update "WebhookDelivery" set "nextAttemptAt" = now() + ${leaseMs} * interval '1 millisecond'
    where id in (
      select id from "WebhookDelivery"
      where status = 'PENDING' and "nextAttemptAt" <= now()
      order by "nextAttemptAt" limit ${BATCH}
      for update skip locked)
    returning id, "projectId", "eventId", "eventType", url, body, attempts, "webhookId", "deploymentId"`;
}

type Prepared = { skip: string | null; secret: string | null; git?: GitTarget };

/** Why a delivery is no longer to be sent, or null; its signing secret; a git target's settings. */
async function prepare(delivery: Claimed): Promise<Prepared> {
  if (delivery.webhookId) {
    const hook = await db().webhook.findUnique({ where: { id: delivery.webhookId }, select: { active: true, secretCiphertext: true } });
    if (!hook?.active) return { skip: "the webhook was switched off", secret: null };
    return { skip: null, secret: signingSecret(hook.secretCiphertext) };
  }
  if (delivery.deploymentId) {
    const deployment = await db().deployment.findUnique({
      where: { id: delivery.deploymentId },
      select: { status: true, number: true, environment: { select: { deployConfig: true } } },
    });
    if (!deployment || deployment.status !== "APPROVED")
      return {
        skip: `promotion #${deployment?.number ?? "?"} is no longer approved (${deployment?.status.toLowerCase() ?? "gone"})`,
        secret: null,
      };
    if (delivery.eventType === GIT_EVENT) {
      const config = gitConfig(deployment.environment.deployConfig);
      if (!config) return { skip: "the environment no longer deploys by git", secret: null };
      const credentials = config.credentials ? (JSON.parse(unseal(config.credentials)) as { username: string; token: string }) : null;
      return { skip: null, secret: null, git: { repository: delivery.url, branch: config.branch, credentials } };
    }
    return { skip: null, secret: signingSecret(deployHookConfig(deployment.environment.deployConfig)?.secret) };
  }
  return { skip: null, secret: null };
}

async function send(delivery: Claimed, secret: string | null) {
  const started = new Date();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Shiproom-Webhooks/1",
    [EVENT_HEADER]: delivery.eventType,
    [DELIVERY_HEADER]: delivery.eventId,
  };
  if (secret) headers[SIGNATURE_HEADER] = signatureHeader(secret, delivery.body, started);
  try {
    const response = await egressFetch(delivery.url, {
      method: "POST",
      headers,
      body: delivery.body,
      redirect: "manual",
      signal: AbortSignal.timeout(env().webhooks.timeoutMs),
    });
    const text = (await response.text().catch(() => "")).slice(0, 500);
    return { started, statusCode: response.status, ok: response.status >= 200 && response.status < 300, error: null, text };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const message = (error as Error).name === "TimeoutError" ? "timed out" : (cause?.code ?? cause?.message ?? (error as Error).message);
    return { started, statusCode: null, ok: false, error: message.slice(0, 500), text: null };
  }
}

/** A git delivery: the commit is made and pushed; "committed <sha>" stands for the receiver's answer. */
async function commit(delivery: Claimed, target: GitTarget) {
  const started = new Date();
  try {
    const { path, content, message } = JSON.parse(delivery.body) as GitDelivery;
    const sha = await commitAndPush(target, { path, content, message });
    return { started, statusCode: null, ok: true, error: null, text: `committed ${sha}` };
  } catch (error) {
    return { started, statusCode: null, ok: false, error: (error as Error).message.slice(0, 500), text: null };
  }
}

async function deliver(delivery: Claimed, { deployHookDelivered, deployHookUndeliverable }: DeployHookOutcomes): Promise<void> {
  const { skip, secret, git } = await prepare(delivery);
  if (skip) {
    await db().webhookDelivery.update({ where: { id: delivery.id }, data: { status: "FAILED", lastError: `Not sent: ${skip}` } });
    return;
  }
  const result = git ? await commit(delivery, git) : await send(delivery, secret);
  const number = delivery.attempts + 1;
  const { maxAttempts, retryBaseMs } = env().webhooks;
  const exhausted = !result.ok && number >= maxAttempts;
  const failure = result.error ?? (result.ok ? null : `HTTP ${result.statusCode}`);
  await db().$transaction([
    db().webhookAttempt.create({
      data: {
        deliveryId: delivery.id,
        number,
        startedAt: result.started,
        durationMs: Date.now() - result.started.getTime(),
        statusCode: result.statusCode,
        error: result.error,
        response: result.text,
      },
    }),
    db().webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        attempts: number,
        lastStatusCode: result.statusCode,
        lastError: failure,
        status: result.ok ? "DELIVERED" : exhausted ? "FAILED" : "PENDING",
        deliveredAt: result.ok ? new Date() : null,
        nextAttemptAt: new Date(Date.now() + (result.ok || exhausted ? 0 : retryDelayMs(number, retryBaseMs))),
      },
    }),
  ]);
  if (delivery.deploymentId && result.ok)
    await deployHookDelivered(
      delivery.deploymentId,
      git ? `${result.text!.slice(0, 22)} to ${delivery.url}` : `deploy hook delivered (${delivery.eventId})`,
    );
  // git's own words may name hosts, paths or accounts: they stay in the delivery log, which only
  // admins read; the promotion everyone sees says where to look.
  if (delivery.deploymentId && exhausted)
    await deployHookUndeliverable(
      delivery.deploymentId,
      git
        ? `the git commit could not be pushed after ${number} attempts (admins see why in the delivery log)`
        : `the deploy hook could not be delivered after ${number} attempts (last: ${failure})`,
    );
}

/** Sends every delivery that is due now; returns how many were attempted. */
export function deliverDue(outcomes: DeployHookOutcomes): Promise<number> {
  return drainBatches("webhooks", claim, (delivery) => deliver(delivery, outcomes));
}

/** Starts this process's dispatcher: on a timer, and at once when a delivery is queued anywhere. */
export function startDispatcher(outcomes: DeployHookOutcomes): void {
  startOutboxRunner(
    "webhooks",
    () => deliverDue(outcomes),
    (topic) => topic === "deliveries",
  );
}
