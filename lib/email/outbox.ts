// The email outbox: each notification's email is written in the same transaction as the
// notification (the change commits with it or not at all), and each member's daily digest once a
// day under their row lock; lib/email/dispatcher.ts sends them with retries.
import "server-only";
import { DateTime } from "luxon";
import { db, type Tx } from "@/lib/db/client";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { readRows } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { appUrl } from "@/lib/webhooks/outbox";
import { emailedKinds } from "./preferences";
import { renderDigest, renderNotification } from "./render";
import { DIGEST_HOUR } from "./schemas";
import { unsubscribeToken } from "./unsubscribe";

export const DIGEST_KIND = "digest";

export function unsubscribeUrl(memberId: string, kind: string): string {
  return appUrl(`/api/v1/unsubscribe?token=${unsubscribeToken(memberId, kind)}`);
}

function links(memberId: string, kind: string) {
  return { account: appUrl("/account"), unsubscribe: unsubscribeUrl(memberId, kind) };
}

type Recipient = { id: string; email: string };

/** Queues one email per recipient of a notification (the caller chose who hears of it by email). */
export async function queueNotificationEmails(tx: Tx, recipients: readonly Recipient[], kind: string, title: string, link: string) {
  if (!env().email || recipients.length === 0) return;
  await tx.emailMessage.createMany({
    data: recipients.map((member) => {
      const email = renderNotification(kind, { title, url: appUrl(link) }, links(member.id, kind));
      return { memberId: member.id, kind, to: member.email, ...email };
    }),
  });
}

/**
 * Makes the daily digest of each member who asked for one and whose 08:00 has come (`at`, in their
 * zone) but whose digest of that day is not made yet: one email of the notifications since their
 * last digest, of the kinds they hear of by email (none: no email, the day still counts). Each
 * member's day is claimed under their row lock, so several server processes make it once.
 * Returns how many digests were queued.
 */
export async function queueDigests(at: Date): Promise<number> {
  if (!env().email) return 0;
  const members = await db().member.findMany({
    where: { emailDigest: true, deactivatedAt: null },
    select: { id: true, timeZone: true, digestDay: true },
  });
  let queued = 0;
  for (const candidate of members) {
    const local = DateTime.fromJSDate(at).setZone(candidate.timeZone);
    const day = local.toISODate();
    if (!day || local.hour < DIGEST_HOUR || candidate.digestDay === day) continue;
    const made = await transaction(async (tx) => {
      const [member] = await readRows<{ email: string; digestDay: string | null; digestAt: Date | null; emailDigest: boolean }>(
        Prisma.sql`select email, "digestDay", "digestAt", "emailDigest" from "Member" where id = ${candidate.id}::uuid for update`,
        tx,
      );
      if (!member?.emailDigest || member.digestDay === day) return false;
      const since = member.digestAt ?? new Date(at.getTime() - 24 * 3600_000);
      const until = new Date();
      await tx.member.update({ where: { id: candidate.id }, data: { digestDay: day, digestAt: until } });
      const kinds = await emailedKinds(tx, candidate.id);
      const notifications = await tx.notification.findMany({
        where: { memberId: candidate.id, kind: { in: kinds }, createdAt: { gt: since, lte: until } },
        orderBy: { createdAt: "asc" },
        select: { kind: true, title: true, link: true },
      });
      if (notifications.length === 0) return false;
      const email = renderDigest(
        day,
        notifications.map((n) => ({ kind: n.kind, title: n.title, url: appUrl(n.link ?? "/notifications") })),
        links(candidate.id, DIGEST_KIND),
      );
      await tx.emailMessage.create({ data: { memberId: candidate.id, kind: DIGEST_KIND, to: member.email, ...email } });
      return true;
    }, CHANGE);
    if (made) queued++;
  }
  return queued;
}
