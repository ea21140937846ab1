// Writes an audit event inside the caller's transaction, chained to the one before it.
import type { Actor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { eventHash, type ChainedFields } from "./chain";

export type AuditInput = {
  action: string;
  objectType: string;
  objectId: string;
  projectId?: string | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  /** Only the demo seed backdates its history. */
  occurredAt?: Date;
};

// Every writer takes this lock right before appending, held to its commit: the chain then
// follows commit order and no two events ever claim the same predecessor.
const CHAIN_LOCK = 0x5a1e_a0d1;

/** Plain JSON (dates as ISO strings), so what is hashed is exactly what jsonb keeps. */
function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export async function recordAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(${CHAIN_LOCK}::bigint)`;
  const [last] = await tx.$queryRaw<{ hash: string }[]>`
    select "hash" from "AuditEvent" order by "seq" desc limit 1`;
  const fields: ChainedFields = {
    occurredAt: input.occurredAt ?? new Date(),
    actorKind: actor.kind,
    actorMemberId: actor.kind === "MEMBER" ? actor.id : null,
    actorTokenId: actor.kind === "TOKEN" ? actor.id : null,
    actorLabel: actor.label,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId,
    projectId: input.projectId ?? null,
    reason: input.reason ?? null,
    before: toJson(input.before),
    after: toJson(input.after),
    origin: toJson(actor.origin),
  };
  const prevHash = last?.hash ?? null;
  await tx.auditEvent.create({
    data: {
      ...fields,
      actorKind: actor.kind,
      before: fields.before === null ? Prisma.DbNull : (fields.before as Prisma.InputJsonValue),
      after: fields.after === null ? Prisma.DbNull : (fields.after as Prisma.InputJsonValue),
      origin: fields.origin === null ? Prisma.DbNull : (fields.origin as Prisma.InputJsonValue),
      prevHash,
      hash: eventHash(prevHash, fields),
    },
  });
}
