// Server-side records of sign-ins. The cookie is a JWT (the credentials provider needs one), but
// it only names a row here: every request checks that row, so a session ends when people say so —
// sign-out, "end this session" from another device, a password change, deactivation — and not
// when the cookie happens to expire.
import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Origin } from "./actor";

export type SessionEndReason = "signed out" | "ended by the member" | "password changed" | "deactivated" | "temporary password set";

/** Records a sign-in; its id goes into the cookie. */
export async function startSession(memberId: string, method: string, origin: Origin): Promise<{ id: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + env().sessionHours * 3_600_000);
  const row = await db().memberSession.create({
    data: { memberId, method, userAgent: origin.userAgent ?? null, ip: origin.ip ?? null, expiresAt },
    select: { id: true, expiresAt: true },
  });
  return row;
}

export type SessionOwner = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  passwordMustChange: boolean;
};

const TOUCH_EVERY_MS = 60_000;

/**
 * The active member a cookie's session belongs to, or null when the session ended, expired, or
 * is not theirs, or the member was deactivated. Notes the session as seen (at most once a minute).
 */
export async function sessionOwner(sessionId: string, memberId: string): Promise<SessionOwner | null> {
  const row = await db().memberSession.findUnique({
    where: { id: sessionId },
    select: {
      memberId: true,
      endedAt: true,
      expiresAt: true,
      lastSeenAt: true,
      member: { select: { id: true, name: true, email: true, roles: true, deactivatedAt: true, passwordMustChange: true } },
    },
  });
  const now = Date.now();
  if (!row || row.memberId !== memberId || row.endedAt || row.expiresAt.getTime() <= now || row.member.deactivatedAt) return null;
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await db().memberSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { lastSeenAt: new Date(now) } });
  const { deactivatedAt: _, ...member } = row.member;
  return member;
}

/** Ends one session (sign-out). Ending an ended one changes nothing. */
export async function endSession(sessionId: string, reason: SessionEndReason): Promise<void> {
  await db().memberSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date(), endReason: reason } });
}

/** Ends every open session of a member (but `keep`), inside the change that is the reason; returns how many ended. */
export async function endMemberSessions(tx: Tx, memberId: string, reason: SessionEndReason, keep?: string): Promise<number> {
  const { count } = await tx.memberSession.updateMany({
    where: { memberId, endedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    data: { endedAt: new Date(), endReason: reason },
  });
  return count;
}
