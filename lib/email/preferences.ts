// A member's notification preferences: read, changed by the member (the Account page, the API),
// and by a one-click unsubscribe link (signed out: the link's token names the member and kind).
import "server-only";
import { DateTime } from "luxon";
import { memberActor, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/client";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { ValidationFailed } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validation";
import { EVENTS } from "@/lib/events";
import { notificationKinds, type NotificationKind } from "@/lib/notifications/kinds";
import { DEFAULT_CHANNEL, DIGEST_HOUR, notificationPreferencesSchema, type Channel, type NotificationPreferencesDto } from "./schemas";
import { readUnsubscribeToken } from "./unsubscribe";

/** How each of these members hears of one kind (a member without a choice: the default). */
export async function channelsOf(tx: Tx, memberIds: readonly string[], kind: string): Promise<Map<string, Channel>> {
  const rows = await tx.notificationPreference.findMany({
    where: { memberId: { in: [...memberIds] }, kind },
    select: { memberId: true, channel: true },
  });
  const chosen = new Map(rows.map((row) => [row.memberId, row.channel as Channel]));
  return new Map(memberIds.map((id) => [id, chosen.get(id) ?? DEFAULT_CHANNEL]));
}

/** The kinds one member hears of by email. */
export async function emailedKinds(tx: Tx, memberId: string): Promise<NotificationKind[]> {
  const rows = await tx.notificationPreference.findMany({ where: { memberId }, select: { kind: true, channel: true } });
  const chosen = new Map(rows.map((row) => [row.kind, row.channel as Channel]));
  return notificationKinds.filter((kind) => (chosen.get(kind) ?? DEFAULT_CHANNEL) === "EMAIL");
}

export async function getNotificationPreferences(memberId: string, tx: Tx = db()): Promise<NotificationPreferencesDto> {
  const member = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { timeZone: true, emailDigest: true, roles: true } });
  // Each kind only to the members who can receive it (sign-off needed: QA; overdue approvals: admins).
  const receivable = (kind: NotificationKind) => {
    const entry = EVENTS.notification[kind];
    return !("roles" in entry) || entry.roles.some((role) => member.roles.includes(role));
  };
  const rows = await tx.notificationPreference.findMany({ where: { memberId }, select: { kind: true, channel: true } });
  const chosen = new Map(rows.map((row) => [row.kind, row.channel as Channel]));
  return {
    emailEnabled: env().email !== undefined,
    timeZone: member.timeZone,
    digest: member.emailDigest,
    kinds: notificationKinds.filter(receivable).map((kind) => ({
      kind,
      label: EVENTS.notification[kind].label,
      description: EVENTS.notification[kind].description,
      channel: chosen.get(kind) ?? DEFAULT_CHANNEL,
    })),
  };
}

async function setChannels(tx: Tx, memberId: string, kinds: Partial<Record<NotificationKind, Channel>>) {
  for (const [kind, channel] of Object.entries(kinds) as [NotificationKind, Channel][]) {
    await tx.notificationPreference.upsert({
      where: { memberId_kind: { memberId, kind } },
      create: { memberId, kind, channel },
      update: { channel },
    });
  }
}

/** The member changes their own preferences; what the input leaves out stays. */
export async function updateNotificationPreferences(actor: Actor, memberId: string, raw: unknown): Promise<NotificationPreferencesDto> {
  const input = parseInput(notificationPreferencesSchema, raw);
  return transaction(async (tx) => {
    const before = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { timeZone: true, emailDigest: true } });
    const timeZone = input.timeZone ?? before.timeZone;
    const digest = input.digest ?? before.emailDigest;
    // A digest switched on tells of what happens from now, first at the next 08:00 to come.
    const startsDigest = digest && !before.emailDigest;
    const local = DateTime.now().setZone(timeZone);
    await tx.member.update({
      where: { id: memberId },
      data: {
        timeZone,
        emailDigest: digest,
        ...(startsDigest ? { digestAt: new Date(), digestDay: local.hour >= DIGEST_HOUR ? local.toISODate() : null } : {}),
      },
    });
    if (input.kinds) await setChannels(tx, memberId, input.kinds);
    await recordAudit(tx, actor, {
      action: "member.notification_preferences_changed",
      objectType: "member",
      objectId: memberId,
      after: { timeZone, digest, kinds: input.kinds ?? {} },
    });
    return getNotificationPreferences(memberId, tx);
  }, CHANGE);
}

/**
 * A one-click unsubscribe: the member the token names gets no more emails of its kind (kept in
 * the app); a digest's token stops every email. Answers what was unsubscribed.
 */
export async function unsubscribe(token: string | null): Promise<{ kind: string; label: string }> {
  const read = token ? readUnsubscribeToken(token) : null;
  const digest = read?.kind === "digest";
  if (!read || (!digest && !(notificationKinds as readonly string[]).includes(read.kind)))
    throw new ValidationFailed([
      { field: "token", message: "This unsubscribe link is not valid (it may be cut short): use the one in the email" },
    ]);
  return transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: read.memberId }, select: { id: true, name: true, email: true, roles: true } });
    if (!member) throw new ValidationFailed([{ field: "token", message: "This unsubscribe link's account no longer exists" }]);
    const kinds = digest ? await emailedKinds(tx, member.id) : [read.kind as NotificationKind];
    await setChannels(tx, member.id, Object.fromEntries(kinds.map((kind) => [kind, "APP"])));
    await recordAudit(tx, memberActor(member), {
      action: "member.email_unsubscribed",
      objectType: "member",
      objectId: member.id,
      after: { kinds, by: "unsubscribe link" },
    });
    return { kind: read.kind, label: digest ? "all emails" : `“${EVENTS.notification[read.kind as NotificationKind].label}” emails` };
  }, CHANGE);
}
