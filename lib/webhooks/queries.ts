import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import type { DeliveryStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { Forbidden, NotFound } from "@/lib/http/errors";
import { canManageWebhooks } from "./policy";
import type { DeliveryDto, DeliveryListDto, WebhookDto, WebhookEvent } from "./schemas";

const DELIVERIES_PAGE_SIZE = 25;
const RECENT_MS = 7 * 86_400_000;

export async function projectForWebhooks(actor: Actor, slug: string): Promise<{ id: string; slug: string }> {
  if (!canManageWebhooks(actor)) throw new Forbidden("Only admins manage webhooks and read their deliveries.");
  const project = await db().project.findFirst({ where: { slug, archivedAt: null }, select: { id: true, slug: true } });
  if (!project) throw new NotFound("Project");
  return project;
}

export async function listWebhooks(actor: Actor, slug: string): Promise<WebhookDto[]> {
  const project = await projectForWebhooks(actor, slug);
  const hooks = await db().webhook.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" } });
  const counts = await db().webhookDelivery.groupBy({
    by: ["webhookId", "status"],
    where: { projectId: project.id, webhookId: { not: null }, createdAt: { gte: new Date(Date.now() - RECENT_MS) } },
    _count: true,
  });
  return hooks.map((hook) => ({
    id: hook.id,
    name: hook.name,
    url: hook.url,
    format: hook.format,
    events: hook.events as WebhookEvent[],
    active: hook.active,
    createdAt: hook.createdAt.toISOString(),
    recent: Object.fromEntries(
      (["PENDING", "DELIVERED", "FAILED"] as const).map((status) => [
        status,
        counts.find((c) => c.webhookId === hook.id && c.status === status)?._count ?? 0,
      ]),
    ) as Record<DeliveryStatus, number>,
  }));
}

const deliveryInclude = {
  webhook: { select: { name: true } },
  deployment: { select: { number: true, environment: { select: { name: true } } } },
  attemptLog: { orderBy: { number: "desc" }, take: 20 },
} satisfies Prisma.WebhookDeliveryInclude;

function toDeliveryDto(row: Prisma.WebhookDeliveryGetPayload<{ include: typeof deliveryInclude }>): DeliveryDto {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    target: row.webhook ? `webhook ${row.webhook.name}` : row.deployment ? `deploy hook of ${row.deployment.environment.name}` : "deleted",
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === "PENDING" ? row.nextAttemptAt.toISOString() : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    deploymentNumber: row.deployment?.number ?? null,
    attemptLog: row.attemptLog.map((a) => ({
      number: a.number,
      at: a.startedAt.toISOString(),
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      error: a.error,
    })),
  };
}

/** The delivery log of a project's webhooks and deploy hooks, newest first. */
export async function listDeliveries(
  actor: Actor,
  slug: string,
  options: { page?: number; status?: string } = {},
): Promise<DeliveryListDto> {
  const project = await projectForWebhooks(actor, slug);
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const status = ["PENDING", "DELIVERED", "FAILED"].includes(options.status ?? "") ? (options.status as DeliveryStatus) : undefined;
  const where = { projectId: project.id, ...(status ? { status } : {}) };
  const [rows, total] = [
    await db().webhookDelivery.findMany({
      where,
      include: deliveryInclude,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * DELIVERIES_PAGE_SIZE,
      take: DELIVERIES_PAGE_SIZE,
    }),
    await db().webhookDelivery.count({ where }),
  ];
  return { deliveries: rows.map(toDeliveryDto), total, page, pageSize: DELIVERIES_PAGE_SIZE };
}

export async function getDelivery(projectId: string, id: string): Promise<DeliveryDto> {
  const row = await db().webhookDelivery.findFirst({ where: { id, projectId }, include: deliveryInclude });
  if (!row) throw new NotFound("Delivery");
  return toDeliveryDto(row);
}
