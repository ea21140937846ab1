import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { Forbidden, ValidationFailed } from "@/lib/http/errors";
import { EVENTS } from "@/lib/events";
import type { NotificationKind } from "@/lib/notifications/kinds";
import type { EmailLogEntry } from "./schemas";
import { readUnsubscribeToken } from "./unsubscribe";

/** The email delivery log, newest first (admins): who, what, how it went — never a body. */
export async function listEmails(actor: Actor, limit = 100): Promise<{ items: EmailLogEntry[] }> {
  if (!(actor.kind === "MEMBER" && actor.roles.includes("ADMIN"))) throw new Forbidden("Only admins read the email delivery log.");
  const rows = await db().emailMessage.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, to: true, kind: true, subject: true, status: true, attempts: true, lastError: true, createdAt: true, sentAt: true },
  });
  return {
    items: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), sentAt: row.sentAt?.toISOString() ?? null })),
  };
}

/** What an unsubscribe link would stop, for its confirmation page; a link this server did not make is refused. */
export function describeUnsubscribe(token: string | null): { what: string } {
  const read = token ? readUnsubscribeToken(token) : null;
  if (read?.kind === "digest") return { what: "all Shiproom emails (the daily digest)" };
  if (!read || !Object.hasOwn(EVENTS.notification, read.kind))
    throw new ValidationFailed([
      { field: "token", message: "This unsubscribe link is not valid (it may be cut short): use the one in the email" },
    ]);
  return { what: `“${EVENTS.notification[read.kind as NotificationKind].label}” emails` };
}
