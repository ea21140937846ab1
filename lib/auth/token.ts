// API tokens: long random secrets (shr_…) that act for a pipeline in one project, within their
// scopes, and are named in the audit trail as themselves. One SHA-256 keeps them safe at rest (a
// slow password hash would only slow every API call) and finds a token by an indexed lookup.
import "server-only";
import { createHash } from "node:crypto";
import { readRows, execute } from "@/lib/db/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor, Origin } from "./actor";
import { newSecret } from "./secret-box";

const TOKEN_PREFIX = "shr_";

// Recording every use would write on every request; a minute is as exact as "last used" needs.
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function newTokenSecret(): { secret: string; prefix: string; hash: string } {
  const secret = newSecret(TOKEN_PREFIX);
  return { secret, prefix: secret.slice(0, TOKEN_PREFIX.length + 6), hash: hashToken(secret) };
}

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  projectId: string;
  lastUsedAt: Date | null;
  /** What the request's project statement found, if one was given. */
  resolvedId: string | null;
  resolvedSlug: string | null;
};

/** The token's actor, or null when the secret is wrong, revoked or expired. */
export async function authenticateToken(secret: string, origin: Origin): Promise<Actor | null> {
  return (await authenticateTokenFor(secret, origin, null))?.actor ?? null;
}

/**
 * The token's actor and the project a statement of the route finds (id and slug), in one round
 * trip: every API call makes this lookup.
 */
export async function authenticateTokenFor(
  secret: string,
  origin: Origin,
  projectQuery: Prisma.Sql | null,
): Promise<{ actor: Actor; project: { id: string; slug: string } | null } | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  // One statement: the token, its project and the route's project.
  const [token] = await readRows<TokenRow>(Prisma.sql`
    select t.id, t.name, t.prefix, t.scopes, t."projectId", t."lastUsedAt", r.id as "resolvedId", r.slug as "resolvedSlug"
    from "ApiToken" t join "Project" p on p.id = t."projectId"
    left join lateral (${projectQuery ?? Prisma.sql`select null::uuid as id, null::text as slug`}) r on true
    where t."secretHash" = ${hashToken(secret)} and t."revokedAt" is null and p."archivedAt" is null
      and (t."expiresAt" is null or t."expiresAt" > now())`);
  if (!token) return null;
  const now = new Date();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await execute(
      Prisma.sql`update "ApiToken" set "lastUsedAt" = ${now}, "lastUsedIp" = ${origin.ip ?? null} where id = ${token.id}::uuid`,
    );
  }
  return {
    actor: {
      kind: "TOKEN",
      id: token.id,
      label: `token ${token.name} (${token.prefix}…)`,
      roles: [],
      scopes: token.scopes,
      projectId: token.projectId,
      origin,
    },
    project: token.resolvedId ? { id: token.resolvedId, slug: token.resolvedSlug! } : null,
  };
}
