import "server-only";
import { db } from "@/lib/db/client";
import { NOTIFICATIONS_PER_PAGE, type NotificationDto, type NotificationPage } from "./schemas";

type Row = { id: string; kind: string; title: string; link: string | null; readAt: Date | null; createdAt: Date };

function toDto(row: Row): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    link: row.link,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A member's own notifications, newest first, a page at a time. */
export async function listNotifications(memberId: string, filter: { unread?: boolean; page?: number } = {}): Promise<NotificationPage> {
  const page = filter.page ?? 1;
  const where = { memberId, ...(filter.unread ? { readAt: null } : {}) };
  const [rows, total, unread] = await Promise.all([
    db().notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * NOTIFICATIONS_PER_PAGE,
      take: NOTIFICATIONS_PER_PAGE,
    }),
    db().notification.count({ where }),
    db().notification.count({ where: { memberId, readAt: null } }),
  ]);
  return { items: rows.map(toDto), page, pageSize: NOTIFICATIONS_PER_PAGE, total, unread };
}
