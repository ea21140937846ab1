import "server-only";
import type { SessionMember } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { deviceOf, type SessionDto } from "./schemas";

/** The member's open sessions, the current one first, then by when they were last used. */
export async function listSessions(member: SessionMember): Promise<SessionDto[]> {
  const rows = await db().memberSession.findMany({
    where: { memberId: member.id, endedAt: null, expiresAt: { gt: new Date() } },
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
  });
  return rows
    .map((row) => ({
      id: row.id,
      method: row.method,
      userAgent: row.userAgent,
      device: deviceOf(row.userAgent),
      ip: row.ip,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      current: row.id === member.sessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}
