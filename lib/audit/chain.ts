// The audit trail's hash chain: each event's hash covers its content and the previous
// event's hash, so editing, deleting or reordering an event breaks every later link.
import { createHash } from "node:crypto";

/** JSON with object keys sorted, so the same value always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "bigint") return value.toString();
  return JSON.stringify(value);
}

export type ChainedFields = {
  occurredAt: Date;
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

export function eventHash(prevHash: string | null, event: ChainedFields): string {
  return createHash("sha256")
    .update(prevHash ?? "")
    .update("\n")
    .update(canonicalJson(event))
    .digest("hex");
}
