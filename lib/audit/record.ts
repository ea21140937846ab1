// Audit events, chained: each carries the hash of the one before it. A change records its events
// as it goes; they are appended at the end of its transaction (lib/db/transaction.ts), so the
// chain's lock is held only for the append and the commit, not for the whole change.
import type { Actor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db/client";
import { execute, readRows } from "@/lib/db/sql";
import { deferToCommit, type Deferred } from "@/lib/db/transaction";
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
const APPEND_BATCH = 1000;

/** Plain JSON (dates as ISO strings), so what is hashed is exactly what jsonb keeps. */
function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

const jsonb = (value: unknown) => (value === null ? null : JSON.stringify(value));

function chainedFields(actor: Actor, input: AuditInput): ChainedFields {
  return {
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
}

/** Appends events to the chain, in order, in one statement after taking the chain's lock. */
async function append(tx: Tx, events: ChainedFields[]): Promise<void> {
  if (events.length === 0) return;
  // Raw statements: every change writes here, and each Prisma model query is compiled anew. The
  // last hash is read by a statement of its own, after the lock: a statement sees the data as of
  // its start, so one that also waited for the lock would read a predecessor already replaced.
  await execute(Prisma.sql`select pg_advisory_xact_lock(${CHAIN_LOCK}::bigint)`, tx);
  const [last] = await readRows<{ hash: string }>(Prisma.sql`select "hash" from "AuditEvent" order by "seq" desc limit 1`, tx);
  let prevHash = last?.hash ?? null;
  const rows = events.map((fields) => {
    const hash = eventHash(prevHash, fields);
    const row = Prisma.sql`(${fields.occurredAt}, ${fields.actorKind}::"ActorKind", ${fields.actorMemberId}::uuid,
      ${fields.actorTokenId}::uuid, ${fields.actorLabel}, ${fields.action}, ${fields.objectType}, ${fields.objectId},
      ${fields.projectId}::uuid, ${fields.reason}, ${jsonb(fields.before)}::jsonb, ${jsonb(fields.after)}::jsonb,
      ${jsonb(fields.origin)}::jsonb, ${prevHash}, ${hash})`;
    prevHash = hash;
    return row;
  });
  // seq comes from a sequence, taken row by row in the order of the VALUES list; a statement takes
  // at most 65,535 parameters (15 a row), so a large change appends in batches.
  for (let start = 0; start < rows.length; start += APPEND_BATCH) {
    await execute(
      Prisma.sql`
      insert into "AuditEvent" ("occurredAt", "actorKind", "actorMemberId", "actorTokenId", "actorLabel", action, "objectType",
                                "objectId", "projectId", reason, before, after, origin, "prevHash", hash)
      values ${Prisma.join(rows.slice(start, start + APPEND_BATCH))}`,
      tx,
    );
  }
}

// Appended last, after everything else a change defers: the chain's lock is held to the commit.
const auditAppend: Deferred<ChainedFields> = { order: 100, flush: append };

/**
 * Records an audit event of the change running in tx. Inside transaction() it is appended when
 * the change is done (before the commit); in any other transaction, at once.
 */
export async function recordAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  const fields = chainedFields(actor, input);
  if (!deferToCommit(tx, auditAppend, fields)) await append(tx, [fields]);
}
