// Creating notifications, always inside the change that causes them (given its tx): they exist
// if and only if the change commits, and each member notified hears of it live at that commit.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { queueNotificationEmails } from "@/lib/email/outbox";
import { channelsOf } from "@/lib/email/preferences";
import { notifyChange } from "@/lib/realtime/notify";
import type { NotificationKind } from "./kinds";
import { memberTopic } from "./live";

export type NewNotification = {
  kind: NotificationKind;
  title: string;
  link: string;
  project: { id: string; slug: string };
  /** What it asks the member to act on (a promotion's id): see `markDone`. */
  subjectId?: string;
};

// A title is one line; the full story is where the link leads.
const MAX_TITLE = 300;

/** Active members holding any of these roles. */
export async function membersHolding(tx: Tx, roles: readonly Role[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const members = await tx.member.findMany({ where: { deactivatedAt: null, roles: { hasSome: [...roles] } }, select: { id: true } });
  return members.map((m) => m.id);
}

/**
 * Notifies these members (those still active, and not having turned this kind off), never the one
 * whose action caused it; those who chose "email too" (and no daily digest) get an email as well,
 * queued in the same change. Returns the ids notified.
 */
export async function notifyMembers(tx: Tx, actor: Actor, memberIds: readonly (string | null)[], notification: NewNotification) {
  const wanted = [...new Set(memberIds.filter((id): id is string => id !== null && id !== actor.id))];
  if (wanted.length === 0) return [];
  const active = await tx.member.findMany({
    where: { id: { in: wanted }, deactivatedAt: null },
    select: { id: true, email: true, emailDigest: true },
  });
  const channels = await channelsOf(
    tx,
    active.map((m) => m.id),
    notification.kind,
  );
  const heard = active.filter((m) => channels.get(m.id) !== "OFF");
  const ids = heard.map((m) => m.id);
  if (ids.length === 0) return [];
  const title = notification.title.length > MAX_TITLE ? `${notification.title.slice(0, MAX_TITLE - 1)}…` : notification.title;
  await tx.notification.createMany({
    data: ids.map((memberId) => ({ memberId, kind: notification.kind, title, link: notification.link, subjectId: notification.subjectId })),
  });
  const emailed = heard.filter((m) => channels.get(m.id) === "EMAIL" && !m.emailDigest);
  await queueNotificationEmails(tx, emailed, notification.kind, title, notification.link);
  await notifyChange(tx, { projectId: notification.project.id, projectSlug: notification.project.slug, topics: ids.map(memberTopic) });
  return ids;
}

/**
 * What asked for an action on these subjects is done (the promotion was decided, or the member
 * acted): their unread notifications of these kinds — of `memberId` alone when given — are marked
 * read, and each member holding one hears of it live, so the bell stops counting a request no one
 * can answer any more.
 */
export async function markDone(
  tx: Tx,
  project: { id: string; slug: string },
  subjectIds: readonly string[],
  kinds: readonly NotificationKind[],
  memberId?: string,
): Promise<void> {
  if (subjectIds.length === 0) return;
  // One statement (UPDATE … RETURNING): a decision's hot path pays for no separate read.
  const marked = await tx.notification.updateManyAndReturn({
    where: { subjectId: { in: [...subjectIds] }, kind: { in: [...kinds] }, readAt: null, ...(memberId ? { memberId } : {}) },
    data: { readAt: new Date() },
    select: { memberId: true },
  });
  if (marked.length === 0) return;
  const holders = new Set(marked.map((m) => m.memberId));
  await notifyChange(tx, { projectId: project.id, projectSlug: project.slug, topics: [...holders].map(memberTopic) });
}
