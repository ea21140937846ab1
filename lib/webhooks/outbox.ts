// The durable outbox: deliveries are written in the same transaction as the change they
// announce (a rolled-back change announces nothing; a committed one is never lost), then sent
// by the dispatcher (./dispatcher.ts) of any server process, with retries.
import "server-only";
import { randomUUID } from "node:crypto";
import { actorName } from "@/lib/auth/actor";
import { unseal } from "@/lib/auth/secret-box";
import type { Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { notifyChange } from "@/lib/realtime/notify";
import { eventBody, type EventData, type EventEnvelope } from "./payloads";
import { DEPLOY_EVENT, type WebhookEvent } from "./schemas";

/** The part of a promotion an event tells about. */
export type PromotionFacts = {
  id: string;
  number: number;
  status: string;
  isRollback: boolean;
  reason: string | null;
  release: { version: string; commitSha: string; artifactRef: string | null };
  environment: { name: string };
};

/** Where an environment's deploy hook goes (Environment.deployConfig when the target is WEBHOOK). */
export type DeployHookConfig = { url: string; secret: string; secretPrefix: string };

export function deployHookConfig(value: unknown): DeployHookConfig | null {
  const config = value as Partial<DeployHookConfig> | null;
  return config && typeof config.url === "string" && typeof config.secret === "string"
    ? { url: config.url, secret: config.secret, secretPrefix: config.secretPrefix ?? "" }
    : null;
}

export function appUrl(path = ""): string {
  return `${env().publicUrl}${path}`;
}

export function promotionData(slug: string, row: PromotionFacts, actor: string, message?: string | null): EventData {
  return {
    actor: actorName(actor),
    release: { version: row.release.version, commitSha: row.release.commitSha, artifactRef: row.release.artifactRef },
    promotion: {
      id: row.id,
      number: row.number,
      environment: row.environment.name,
      status: row.status,
      isRollback: row.isRollback,
      reason: row.reason,
      url: appUrl(`/projects/${slug}/releases/${encodeURIComponent(row.release.version)}`),
    },
    message: message ?? null,
  };
}

function envelope(type: string, project: { slug: string; name: string }, data: EventData): EventEnvelope {
  return {
    id: `evt_${randomUUID()}`,
    type,
    createdAt: new Date().toISOString(),
    project: { slug: project.slug, name: project.name, url: appUrl(`/projects/${project.slug}`) },
    data,
  };
}

async function insertDelivery(
  tx: Tx,
  projectId: string,
  e: EventEnvelope,
  target: { url: string; webhookId?: string; deploymentId?: string },
  body: string,
) {
  await tx.webhookDelivery.create({
    data: {
      projectId,
      eventId: e.id,
      eventType: e.type,
      url: target.url,
      body,
      webhookId: target.webhookId ?? null,
      deploymentId: target.deploymentId ?? null,
    },
  });
}

/** Queues the event for every active webhook of the project subscribed to it. */
export async function enqueueEvent(tx: Tx, projectId: string, type: WebhookEvent, data: EventData): Promise<number> {
  // Asked on every change, and mostly answered "none": one raw statement.
  const hooks = await tx.$queryRaw<{ id: string; url: string; format: "JSON" | "SLACK" }[]>`
    select id, url, format::text as format from "Webhook" where "projectId" = ${projectId}::uuid and active and ${type} = any(events)`;
  if (hooks.length === 0) return 0;
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { slug: true, name: true } });
  for (const hook of hooks) {
    const e = envelope(type, project, data);
    await insertDelivery(tx, projectId, e, { url: hook.url, webhookId: hook.id }, eventBody(e, hook.format));
  }
  await notifyChange(tx, { projectId, projectSlug: project.slug, topics: ["deliveries"] });
  return hooks.length;
}

/** Queues the deploy hook of an approved promotion whose environment deploys by webhook. */
export async function enqueueDeployHook(
  tx: Tx,
  projectId: string,
  row: PromotionFacts & { environmentId: string },
  extra: { approvals: { by: string; at: string; comment: string | null }[]; actor: string },
): Promise<boolean> {
  const environment = await tx.environment.findUniqueOrThrow({
    where: { id: row.environmentId },
    select: { deployTarget: true, deployConfig: true },
  });
  const config = deployHookConfig(environment.deployConfig);
  if (environment.deployTarget !== "WEBHOOK" || !config) return false;
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { slug: true, name: true } });
  const e = envelope(DEPLOY_EVENT, project, {
    ...promotionData(project.slug, row, extra.actor),
    approvals: extra.approvals,
    report: {
      method: "POST",
      url: appUrl(`/api/v1/promotions/${row.id}/report`),
      body: { status: "deploying | succeeded | failed", message: "optional", url: "optional link to the deployment" },
      cli: `shiproom deploy report --deployment ${row.id} --status succeeded`,
    },
  });
  await insertDelivery(tx, projectId, e, { url: config.url, deploymentId: row.id }, eventBody(e, "JSON"));
  await notifyChange(tx, { projectId, projectSlug: project.slug, topics: ["deliveries"] });
  return true;
}

/** The signing secret of a delivery's target, in clear (only the dispatcher needs it). */
export function signingSecret(sealed: string | null | undefined): string | null {
  return sealed ? unseal(sealed) : null;
}
