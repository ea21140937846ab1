import "server-only";
import { randomUUID } from "node:crypto";
import { actorName, type Actor } from "@/lib/auth/actor";
import { newSecret, seal } from "@/lib/auth/secret-box";
import { recordAudit } from "@/lib/audit/record";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { db } from "@/lib/db/client";
import { egressProblem } from "@/lib/egress/check";
import { Conflict, NotFound, ValidationFailed } from "@/lib/http/errors";
import { notifyChange } from "@/lib/realtime/notify";
import { isUuid, parseInput } from "@/lib/http/validation";
import { appUrl } from "./outbox";
import { eventBody } from "./payloads";
import { getDelivery, listWebhooks, projectForWebhooks } from "./queries";
import { PING_EVENT, webhookInputSchema, type CreatedWebhookDto, type DeliveryDto, type WebhookDto } from "./schemas";

async function webhookOf(projectId: string, id: string) {
  const hook = isUuid(id) ? await db().webhook.findFirst({ where: { id, projectId } }) : null;
  if (!hook) throw new NotFound("Webhook");
  return hook;
}

async function dto(actor: Actor, slug: string, id: string): Promise<WebhookDto> {
  return (await listWebhooks(actor, slug)).find((hook) => hook.id === id)!;
}

const shown = (hook: { name: string; url: string; format: string; events: string[]; active: boolean }) => ({
  name: hook.name,
  url: hook.url,
  format: hook.format,
  events: hook.events,
  active: hook.active,
});

/** Adds an event webhook; its signing secret is in the answer, and never shown again. */
async function refuseUnreachable(url: string): Promise<void> {
  const why = await egressProblem({ url });
  if (why) throw new ValidationFailed([{ field: "url", message: `Not reachable from Shiproom: ${why}` }]);
}

export async function createWebhook(actor: Actor, slug: string, raw: unknown): Promise<CreatedWebhookDto> {
  const project = await projectForWebhooks(actor, slug);
  const input = parseInput(webhookInputSchema, raw);
  await refuseUnreachable(input.url);
  const secret = newSecret("whsec_");
  const hook = await transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: { ...input, projectId: project.id, secretCiphertext: seal(secret), createdById: actor.id },
    });
    await recordAudit(tx, actor, {
      action: "webhook.created",
      objectType: "webhook",
      objectId: created.id,
      projectId: project.id,
      after: shown(created),
    });
    return created;
  }, CHANGE);
  return { ...(await dto(actor, slug, hook.id)), secret };
}

export async function updateWebhook(actor: Actor, slug: string, id: string, raw: unknown): Promise<WebhookDto> {
  const project = await projectForWebhooks(actor, slug);
  const input = parseInput(webhookInputSchema, raw);
  const before = await webhookOf(project.id, id);
  if (input.url !== before.url) await refuseUnreachable(input.url);
  await transaction(async (tx) => {
    const after = await tx.webhook.update({ where: { id: before.id }, data: input });
    await recordAudit(tx, actor, {
      action: "webhook.changed",
      objectType: "webhook",
      objectId: before.id,
      projectId: project.id,
      before: shown(before),
      after: shown(after),
    });
  }, CHANGE);
  return dto(actor, slug, before.id);
}

export async function deleteWebhook(actor: Actor, slug: string, id: string): Promise<{ deleted: true }> {
  const project = await projectForWebhooks(actor, slug);
  const hook = await webhookOf(project.id, id);
  await transaction(async (tx) => {
    await tx.webhook.delete({ where: { id: hook.id } });
    await recordAudit(tx, actor, {
      action: "webhook.deleted",
      objectType: "webhook",
      objectId: hook.id,
      projectId: project.id,
      before: shown(hook),
    });
  }, CHANGE);
  return { deleted: true };
}

/** Queues a test event to one webhook, so an admin sees the receiver answer. */
export async function pingWebhook(actor: Actor, slug: string, id: string): Promise<DeliveryDto> {
  const project = await projectForWebhooks(actor, slug);
  const hook = await webhookOf(project.id, id);
  const full = await db().project.findUniqueOrThrow({ where: { id: project.id }, select: { slug: true, name: true } });
  const eventId = `evt_${randomUUID()}`;
  const body = eventBody(
    {
      id: eventId,
      type: PING_EVENT,
      createdAt: new Date().toISOString(),
      project: { ...full, url: appUrl(`/projects/${full.slug}`) },
      data: { actor: actorName(actor.label) },
    },
    hook.format,
  );
  const delivery = await transaction(async (tx) => {
    const row = await tx.webhookDelivery.create({
      data: { projectId: project.id, eventId, eventType: PING_EVENT, url: hook.url, body, webhookId: hook.id },
    });
    await notifyChange(tx, { projectId: project.id, projectSlug: project.slug, topics: ["deliveries"] });
    return row;
  }, CHANGE);
  return getDelivery(project.id, delivery.id);
}

/** Sends a failed delivery again now (same event id, so receivers still de-duplicate). */
export async function retryDelivery(actor: Actor, slug: string, id: string): Promise<DeliveryDto> {
  const project = await projectForWebhooks(actor, slug);
  const row = isUuid(id) ? await db().webhookDelivery.findFirst({ where: { id, projectId: project.id } }) : null;
  if (!row) throw new NotFound("Delivery");
  if (row.status !== "FAILED") throw new Conflict(`This delivery is ${row.status.toLowerCase()}: only a failed one is sent again.`);
  await transaction(async (tx) => {
    await tx.webhookDelivery.update({ where: { id: row.id }, data: { status: "PENDING", nextAttemptAt: new Date() } });
    await recordAudit(tx, actor, {
      action: "delivery.retried",
      objectType: "webhook_delivery",
      objectId: row.id,
      projectId: project.id,
      after: { eventId: row.eventId, eventType: row.eventType, url: row.url },
    });
    await notifyChange(tx, { projectId: project.id, projectSlug: project.slug, topics: ["deliveries"] });
  }, CHANGE);
  return getDelivery(project.id, row.id);
}
