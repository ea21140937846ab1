import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import type { ApiToken } from "@/lib/generated/prisma/client";
import { Forbidden, NotFound } from "@/lib/http/errors";
import { canManageTokens } from "./policy";
import type { TokenScope } from "@/lib/auth/scopes";
import type { TokenDto } from "./schemas";

export function toTokenDto(token: ApiToken & { createdBy: { name: string } }, now = new Date()): TokenDto {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes as TokenScope[],
    state: token.revokedAt ? "revoked" : token.expiresAt && token.expiresAt <= now ? "expired" : "active",
    createdAt: token.createdAt.toISOString(),
    createdBy: token.createdBy.name,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: token.lastUsedIp,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

/** A project's tokens, active first, newest first (admins). */
export async function listTokens(actor: Actor, slug: string): Promise<TokenDto[]> {
  if (!canManageTokens(actor)) throw new Forbidden("Only admins see a project's API tokens.");
  const project = await db().project.findFirst({ where: { slug, archivedAt: null }, select: { id: true } });
  if (!project) throw new NotFound("Project");
  const tokens = await db().apiToken.findMany({
    where: { projectId: project.id },
    include: { createdBy: { select: { name: true } } },
    orderBy: { createdAt: "desc" },
  });
  const dtos = tokens.map((token) => toTokenDto(token));
  return [...dtos.filter((t) => t.state === "active"), ...dtos.filter((t) => t.state !== "active")];
}
