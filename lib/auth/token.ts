// API tokens: long random secrets (shr_…) that act for a pipeline in one project, within their
// scopes, and are named in the audit trail as themselves. One SHA-256 keeps them safe at rest (a
// slow password hash would only slow every API call) and finds a token by an indexed lookup.
import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Actor, Origin } from "./actor";
import { newSecret } from "./secret-box";

export const TOKEN_PREFIX = "shr_";

// Recording every use would write on every request; a minute is as exact as "last used" needs.
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function newTokenSecret(): { secret: string; prefix: string; hash: string } {
  const secret = newSecret(TOKEN_PREFIX);
  return { secret, prefix: secret.slice(0, TOKEN_PREFIX.length + 6), hash: hashToken(secret) };
}

/** The token's actor, or null when the secret is wrong, revoked or expired. */
export async function authenticateToken(secret: string, origin: Origin): Promise<Actor | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const token = await db().apiToken.findUnique({
    where: { secretHash: hashToken(secret) },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      projectId: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      project: { select: { archivedAt: true } },
    },
  });
  const now = new Date();
  if (!token || token.revokedAt || token.project.archivedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now, lastUsedIp: origin.ip ?? null } });
  }
  return {
    kind: "TOKEN",
    id: token.id,
    label: `token ${token.name} (${token.prefix}…)`,
    roles: [],
    scopes: token.scopes,
    projectId: token.projectId,
    origin,
  };
}
