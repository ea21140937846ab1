import "server-only";
import { stringify } from "csv-stringify/sync";
import { nameOfActor, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ActorKind } from "@/lib/generated/prisma/enums";
import { Forbidden } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validation";
import type { StoredEvent } from "./chain";
import { describeAuditEvent, KNOWN_ACTIONS } from "./describe";
import { auditFilterSchema, OWN_ACTIONS, type AuditPageDto, type AuditRowDto } from "./schemas";

const AUDIT_PAGE_SIZE = 50;

/** People read the whole trail (the team is one team); a token with audit:read reads its project's. */
function auditScope(actor: Actor): { projectId: string | null } {
  if (actor.kind === "MEMBER") return { projectId: null };
  if (actor.kind === "TOKEN" && actor.scopes?.includes("audit:read") && actor.projectId) return { projectId: actor.projectId };
  throw new Forbidden("Reading the audit trail needs a person, or a token with audit:read.");
}

type Row = Omit<StoredEvent, "seq" | "actorKind" | "occurredAt"> & {
  seq: bigint;
  occurredAt: Date;
  actorKind: ActorKind;
  slug: string | null;
};

type Where = { where: Prisma.Sql; actions: string[] | null; before: bigint | null };

/** The WHERE clause of a filter, and its actions (a prefix like "deployment." means each known action it starts). */
async function whereOf(actor: Actor, raw: unknown): Promise<Where> {
  const filter = parseInput(auditFilterSchema, raw ?? {});
  const scope = auditScope(actor);
  const parts: Prisma.Sql[] = [];
  let projectId = scope.projectId;
  if (filter.project) {
    const [project] = await db().$queryRaw<{ id: string }[]>`select id from "Project" where slug = ${filter.project}`;
    if (!project || (projectId && project.id !== projectId)) return { where: Prisma.sql`false`, actions: null, before: null };
    projectId = project.id;
  }
  if (projectId) parts.push(Prisma.sql`e."projectId" = ${projectId}::uuid`);
  if (filter.actor === OWN_ACTIONS) parts.push(Prisma.sql`e."actorKind" in ('AUTOMATION', 'SYSTEM')`);
  else if (filter.actor) parts.push(Prisma.sql`(e."actorMemberId" = ${filter.actor}::uuid or e."actorTokenId" = ${filter.actor}::uuid)`);
  if (filter.objectType) parts.push(Prisma.sql`e."objectType" = ${filter.objectType}`);
  if (filter.objectId) parts.push(Prisma.sql`e."objectId" = ${filter.objectId}`);
  if (filter.from) parts.push(Prisma.sql`e."occurredAt" >= ${new Date(filter.from)}`);
  if (filter.to) parts.push(Prisma.sql`e."occurredAt" < ${new Date(filter.to)}`);
  const actions = filter.action
    ? filter.action.endsWith(".")
      ? KNOWN_ACTIONS.filter((a) => a.startsWith(filter.action!))
      : [filter.action]
    : null;
  return {
    where: parts.length ? Prisma.join(parts, " and ") : Prisma.sql`true`,
    actions,
    before: filter.before ? BigInt(filter.before) : null,
  };
}

/** `where` with the action filter, for one statement or, per action, for each arm of a union. */
function withAction(where: Prisma.Sql, action: string | null): Prisma.Sql {
  return action === null ? where : Prisma.sql`${where} and e.action = ${action}`;
}

const columns = Prisma.sql`e.seq, e."occurredAt", e."actorKind"::text as "actorKind", e."actorLabel", e."actorMemberId"::text as "actorMemberId",
  e."actorTokenId"::text as "actorTokenId", e.action, e."objectType", e."objectId", e."projectId"::text as "projectId",
  (select slug from "Project" p where p.id = e."projectId") as slug, e.reason, e.before, e.after, e.origin, e."prevHash", e.hash`;

function toRow(row: Row): AuditRowDto {
  return {
    seq: row.seq.toString(),
    occurredAt: row.occurredAt.toISOString(),
    actorKind: row.actorKind,
    actor: nameOfActor(row.actorKind, row.actorLabel),
    actorMemberId: row.actorMemberId,
    actorTokenId: row.actorTokenId,
    action: row.action,
    text: describeAuditEvent({ action: row.action, after: row.after }),
    objectType: row.objectType,
    objectId: row.objectId,
    project: row.slug,
    reason: row.reason,
    before: row.before,
    after: row.after,
    origin: row.origin,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/**
 * A page of the trail, newest first, under the filter; `next` continues with older events. Several
 * actions (a prefix) are read as one short index scan each, merged: on a long trail one scan over
 * all of them would sort hundreds of thousands of rows to show fifty.
 */
export async function listAuditEvents(actor: Actor, raw: unknown): Promise<AuditPageDto> {
  const { where, actions, before } = await whereOf(actor, raw);
  const page = (action: string | null) =>
    Prisma.sql`(select ${columns} from "AuditEvent" e
      where ${withAction(where, action)} ${before !== null ? Prisma.sql`and e.seq < ${before}` : Prisma.empty}
      order by e.seq desc limit ${AUDIT_PAGE_SIZE + 1})`;
  const rows =
    actions && actions.length > 1
      ? await db().$queryRaw<
          Row[]
        >`select * from (${Prisma.join(actions.map(page), " union all ")}) u order by seq desc limit ${AUDIT_PAGE_SIZE + 1}`
      : actions?.length === 0
        ? []
        : await db().$queryRaw<Row[]>`${page(actions?.[0] ?? null)}`;
  const events = rows.slice(0, AUDIT_PAGE_SIZE).map(toRow);
  return { events, next: rows.length > AUDIT_PAGE_SIZE ? events.at(-1)!.seq : null };
}

const CSV_COLUMNS = [
  "seq",
  "occurredAt",
  "actorKind",
  "actor",
  "action",
  "text",
  "objectType",
  "objectId",
  "project",
  "reason",
  "before",
  "after",
  "origin",
  "prevHash",
  "hash",
] as const;

/** A CSV cell: text as it is, anything else as JSON, nothing for null. */
const csvCell = (value: unknown): string =>
  value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);

/**
 * The filtered trail as JSON Lines or CSV, oldest first, read and sent in batches: a log of
 * millions of events streams without being held in memory.
 */
export async function exportAuditEvents(actor: Actor, raw: unknown, format: "jsonl" | "csv"): Promise<ReadableStream<Uint8Array>> {
  const { where: base, actions } = await whereOf(actor, raw);
  const where = actions ? Prisma.sql`${base} and e.action = any(${actions}::text[])` : base;
  const encoder = new TextEncoder();
  let after = -1n;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await db().$queryRaw<Row[]>`
        select ${columns} from "AuditEvent" e where ${where} and e.seq > ${after} order by e.seq limit 2000`;
      const dtos = rows.map(toRow);
      // CSV by csv-stringify: quoted where needed, and a cell a spreadsheet would run as a formula
      // (=, +, -, @ first) starts with an apostrophe, so an exported reason cannot run there.
      const chunk =
        format === "jsonl"
          ? dtos.map((dto) => `${JSON.stringify(dto)}\n`).join("")
          : stringify(
              dtos.map((dto) => CSV_COLUMNS.map((c) => csvCell(dto[c]))),
              { header: !headerSent, columns: [...CSV_COLUMNS], escape_formulas: true },
            );
      headerSent = true;
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (rows.length < 2000) controller.close();
      else after = rows.at(-1)!.seq;
    },
  });
}
