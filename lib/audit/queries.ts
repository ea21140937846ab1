import "server-only";
import { db } from "@/lib/db/client";
import type { AuditEventDto } from "./schemas";

export async function listProjectActivity(projectId: string, limit = 15): Promise<AuditEventDto[]> {
  const events = await db().auditEvent.findMany({
    where: { projectId },
    orderBy: { seq: "desc" },
    take: limit,
  });
  return events.map((event) => ({
    seq: event.seq.toString(),
    occurredAt: event.occurredAt.toISOString(),
    actorKind: event.actorKind,
    actorLabel: event.actorLabel,
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId,
    reason: event.reason,
    after: event.after,
  }));
}
