// The audit trail's hash chain: each event's hash covers its content and the previous
// event's hash, so editing, deleting or reordering an event breaks every later link.
import { createHash } from "node:crypto";

/** JSON with object keys sorted, so the same value always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  let out = "";
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    out += `${out ? "," : ""}${JSON.stringify(key)}:${canonicalJson(record[key])}`;
  }
  return `{${out}}`;
}

export type ChainedFields = {
  /** A Date, or its ISO string as read back: both hash the same. */
  occurredAt: Date | string;
  actorKind: string;
  actorMemberId: string | null;
  actorTokenId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string;
  projectId: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
  origin: unknown;
};

/** An event as the table stores it: its chained fields, its place in the chain, its hashes. */
export type StoredEvent = ChainedFields & {
  /** int8: a bigint through Prisma and PGlite, a string through pg. */
  seq: bigint | string;
  prevHash: string | null;
  hash: string;
};

/** The fields an event's hash covers, in the table's order. */
export const CHAINED_FIELDS = [
  "occurredAt",
  "actorKind",
  "actorMemberId",
  "actorTokenId",
  "actorLabel",
  "action",
  "objectType",
  "objectId",
  "projectId",
  "reason",
  "before",
  "after",
  "origin",
] as const satisfies readonly (keyof ChainedFields)[];

// The event's keys in canonical (sorted) order, computed once: verification hashes every event
// of the trail, and sorting the same thirteen keys each time is most of canonicalJson's work.
const FIELD_ORDER = [...CHAINED_FIELDS].sort().map((key) => [key, `${JSON.stringify(key)}:`] as const);

/** canonicalJson(event), for an event's fixed set of keys. */
function canonicalEvent(event: ChainedFields): string {
  let out = "";
  for (const [key, prefix] of FIELD_ORDER) {
    const value = event[key];
    if (value === undefined) continue;
    out += `${out ? "," : ""}${prefix}${canonicalJson(value)}`;
  }
  return `{${out}}`;
}

export function eventHash(prevHash: string | null, event: ChainedFields): string {
  return createHash("sha256")
    .update(`${prevHash ?? ""}\n${canonicalEvent(event)}`)
    .digest("hex");
}
