import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { newTokenSecret } from "@/lib/auth/token";
import { recordAudit } from "@/lib/audit/record";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { db } from "@/lib/db/client";
import { Conflict, Forbidden, NotFound } from "@/lib/http/errors";
import { isUuid, parseInput } from "@/lib/http/validation";
import { canManageTokens } from "./policy";
import { toTokenDto } from "./queries";
import { createTokenSchema, type CreatedTokenDto, type TokenDto } from "./schemas";

async function projectFor(actor: Actor, slug: string, verb: string) {
  if (!canManageTokens(actor)) throw new Forbidden(`Only admins ${verb} API tokens.`);
  const project = await db().project.findFirst({ where: { slug, archivedAt: null }, select: { id: true, slug: true } });
  if (!project) throw new NotFound("Project");
  return project;
}

/** Makes a token for a project's pipelines; its secret is in the answer, and nowhere else ever again. */
export async function createToken(actor: Actor, slug: string, raw: unknown): Promise<CreatedTokenDto> {
  const input = parseInput(createTokenSchema, raw);
  const project = await projectFor(actor, slug, "make");
  const { secret, prefix, hash } = newTokenSecret();
  const token = await transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        projectId: project.id,
        name: input.name,
        prefix,
        secretHash: hash,
        scopes: input.scopes,
        createdById: actor.id!,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      },
      include: { createdBy: { select: { name: true } } },
    });
    await recordAudit(tx, actor, {
      action: "token.created",
      objectType: "api_token",
      objectId: created.id,
      projectId: project.id,
      after: { name: created.name, prefix, scopes: created.scopes, expiresAt: created.expiresAt },
    });
    return created;
  }, CHANGE);
  return { ...toTokenDto(token), secret };
}

/** Revokes a token at once: its next request is refused (401). Revoking twice is refused (409). */
export async function revokeToken(actor: Actor, slug: string, tokenId: string): Promise<TokenDto> {
  const project = await projectFor(actor, slug, "revoke");
  return transaction(async (tx) => {
    const token = isUuid(tokenId) ? await tx.apiToken.findFirst({ where: { id: tokenId, projectId: project.id } }) : null;
    if (!token) throw new NotFound("API token");
    const revoked = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count === 0) throw new Conflict(`${token.name} is already revoked.`);
    await recordAudit(tx, actor, {
      action: "token.revoked",
      objectType: "api_token",
      objectId: token.id,
      projectId: project.id,
      before: { name: token.name, prefix: token.prefix, scopes: token.scopes },
    });
    const after = await tx.apiToken.findUniqueOrThrow({ where: { id: token.id }, include: { createdBy: { select: { name: true } } } });
    return toTokenDto(after);
  }, CHANGE);
}
