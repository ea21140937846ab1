// Checks the audit trail's hash chain from its first event to its last, in batches (memory stays
// flat however long the trail). Each event must hash to what it says (else it was edited) and
// name the event before it (else one was deleted, or events were reordered). Rewriting the whole
// tail consistently is only caught against a head hash kept elsewhere: the report gives it.
import "server-only";
import { openedDatabase } from "@/lib/db/client";
import { eventHash, type StoredEvent } from "./chain";
import type { ChainProblem, Verification } from "./verify-types";

const BATCH = 10_000;
const MAX_PROBLEMS = 100;

export async function verifyAuditChain(): Promise<Verification> {
  const started = performance.now();
  // The driver itself, not Prisma: this reads every row of the trail, and Prisma's handling of
  // each row would take most of the time.
  const { sql } = await openedDatabase();
  const problems: ChainProblem[] = [];
  let previous: { seq: string; hash: string } | null = null;
  let checked = 0;
  for (let after = "-1"; problems.length < MAX_PROBLEMS;) {
    const rows = await sql.query<StoredEvent>(
      `select seq, "occurredAt", "actorKind"::text as "actorKind", "actorMemberId"::text as "actorMemberId",
              "actorTokenId"::text as "actorTokenId", "actorLabel", action, "objectType", "objectId", "projectId"::text as "projectId",
              reason, before, after, origin, "prevHash", hash
       from "AuditEvent" where seq > $1 order by seq limit ${BATCH}`,
      [after],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      checked++;
      const seq = String(row.seq);
      const recomputed = eventHash(row.prevHash, {
        occurredAt: row.occurredAt,
        actorKind: row.actorKind,
        actorMemberId: row.actorMemberId,
        actorTokenId: row.actorTokenId,
        actorLabel: row.actorLabel,
        action: row.action,
        objectType: row.objectType,
        objectId: row.objectId,
        projectId: row.projectId,
        reason: row.reason,
        before: row.before,
        after: row.after,
        origin: row.origin,
      });
      if (recomputed !== row.hash) {
        problems.push({
          seq,
          kind: "edited",
          message: `event #${seq} (${row.action}) was changed after it was written: its content no longer matches its hash`,
        });
      }
      if (previous === null && row.prevHash !== null) {
        problems.push({
          seq,
          kind: "missing-start",
          message: `the events before #${seq} are missing: the first event left names a predecessor`,
        });
      } else if (previous !== null && row.prevHash !== previous.hash) {
        const [named] = row.prevHash
          ? await sql.query<{ seq: string }>(`select seq::text as seq from "AuditEvent" where hash = $1 limit 1`, [row.prevHash])
          : [];
        problems.push(
          named
            ? {
                seq,
                kind: "reordered",
                message: `event #${seq} follows #${named.seq} in the chain but is stored after #${previous.seq}: events were reordered`,
              }
            : {
                seq,
                kind: "deleted",
                message: `the event between #${previous.seq} and #${seq} is missing: it was deleted (or edited together with its hash)`,
              },
        );
      }
      previous = { seq, hash: row.hash };
      if (problems.length >= MAX_PROBLEMS) break;
    }
    after = String(rows.at(-1)!.seq);
  }
  return { ok: problems.length === 0, checked, head: previous, problems, ms: Math.round(performance.now() - started) };
}
