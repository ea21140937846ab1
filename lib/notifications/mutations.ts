// Marking read is the member's own bookkeeping, not a change to anything the team shares: it
// is not in the audit trail, and it touches only the member's own rows.
import "server-only";
import { db } from "@/lib/db/client";
import { NotFound } from "@/lib/http/errors";
import { isUuid } from "@/lib/http/validation";

/** Marks one of the member's notifications read (again: nothing changes). Another member's answers NotFound. */
export async function markNotificationRead(memberId: string, id: string): Promise<{ id: string; readAt: string }> {
  if (!isUuid(id)) throw new NotFound("Notification");
  await db().notification.updateMany({ where: { id, memberId, readAt: null }, data: { readAt: new Date() } });
  const row = await db().notification.findFirst({ where: { id, memberId }, select: { id: true, readAt: true } });
  if (!row?.readAt) throw new NotFound("Notification");
  return { id: row.id, readAt: row.readAt.toISOString() };
}

/** Marks all the member's notifications read; answers how many were unread. */
export async function markAllNotificationsRead(memberId: string): Promise<{ marked: number }> {
  const { count } = await db().notification.updateMany({ where: { memberId, readAt: null }, data: { readAt: new Date() } });
  return { marked: count };
}
