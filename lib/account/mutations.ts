import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { SessionMember } from "@/lib/auth/session";
import { endMemberSessions } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { Conflict, NotFound, ValidationFailed } from "@/lib/http/errors";
import { isUuid, parseInput } from "@/lib/http/validation";
import { changePasswordSchema } from "./schemas";

/**
 * The member chooses a new password, giving the current one. Every other session of theirs ends
 * (a password is changed because someone else may know it); this one stays.
 */
export async function changePassword(actor: Actor, member: SessionMember, raw: unknown): Promise<{ endedSessions: number }> {
  const input = parseInput(changePasswordSchema, raw);
  const row = await db().member.findUniqueOrThrow({ where: { id: member.id }, select: { passwordHash: true } });
  if (!row.passwordHash) throw new Conflict("You sign in through an identity provider: there is no password to change.");
  if (!(await verifyPassword(row.passwordHash, input.currentPassword)))
    throw new ValidationFailed([{ field: "currentPassword", message: "This is not your current password" }]);
  const passwordHash = await hashPassword(input.newPassword);
  return transaction(async (tx) => {
    await tx.member.update({
      where: { id: member.id },
      data: { passwordHash, passwordMustChange: false, passwordChangedAt: new Date() },
    });
    const endedSessions = await endMemberSessions(tx, member.id, "password changed", member.sessionId);
    await recordAudit(tx, actor, {
      action: "member.password_changed",
      objectType: "member",
      objectId: member.id,
      after: { endedSessions },
    });
    return { endedSessions };
  }, CHANGE);
}

/** Ends one of the member's own sessions (another browser, or this one). */
export async function endOwnSession(actor: Actor, member: SessionMember, sessionId: string): Promise<{ ended: boolean }> {
  if (!isUuid(sessionId)) throw new NotFound("Session");
  return transaction(async (tx) => {
    const session = await tx.memberSession.findFirst({ where: { id: sessionId, memberId: member.id } });
    if (!session) throw new NotFound("Session");
    if (session.endedAt) return { ended: false };
    await tx.memberSession.update({ where: { id: sessionId }, data: { endedAt: new Date(), endReason: "ended by the member" } });
    await recordAudit(tx, actor, {
      action: "member.session_ended",
      objectType: "member",
      objectId: member.id,
      after: { session: sessionId },
    });
    return { ended: true };
  }, CHANGE);
}

/** Ends every session of the member but this one ("sign out everywhere else"). */
export async function endOtherSessions(actor: Actor, member: SessionMember): Promise<{ endedSessions: number }> {
  return transaction(async (tx) => {
    const endedSessions = await endMemberSessions(tx, member.id, "ended by the member", member.sessionId);
    if (endedSessions > 0)
      await recordAudit(tx, actor, {
        action: "member.sessions_ended",
        objectType: "member",
        objectId: member.id,
        after: { endedSessions },
      });
    return { endedSessions };
  }, CHANGE);
}
