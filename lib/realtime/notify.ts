// Change notices for live updates. pg_notify is transactional: a notice sent inside a
// transaction is delivered when, and only if, it commits — on PostgreSQL to every server
// process listening, on PGlite to this process.
import type { Tx } from "@/lib/db/client";
import { execute } from "@/lib/db/sql";
import { deferToCommit, type Deferred } from "@/lib/db/transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import type { LiveTopic } from "./topics";

export const CHANNEL = "shiproom_changes";

export type ChangeNotice = {
  projectId: string;
  projectSlug: string;
  /** What changed (./topics.ts). */
  topics: LiveTopic[];
};

// pg_notify refuses payloads of 8,000 bytes or more.
const MAX_PAYLOAD = 7000;

/** A project's notices as few payloads as fit: all their topics, each once. */
export function payloadsOf(notices: ChangeNotice[]): string[] {
  const topics = new Map<string, { notice: ChangeNotice; topics: Set<string> }>();
  for (const notice of notices) {
    const known = topics.get(notice.projectId) ?? { notice, topics: new Set<string>() };
    for (const topic of notice.topics) known.topics.add(topic);
    topics.set(notice.projectId, known);
  }
  const payloads: string[] = [];
  for (const { notice, topics: all } of topics.values()) {
    let batch: string[] = [];
    const flush = () => payloads.push(JSON.stringify({ projectId: notice.projectId, projectSlug: notice.projectSlug, topics: batch }));
    for (const topic of all) {
      if (batch.length > 0 && JSON.stringify(batch).length + topic.length + 200 > MAX_PAYLOAD) {
        flush();
        batch = [];
      }
      batch.push(topic);
    }
    flush();
  }
  return payloads;
}

/** Sends notices in one statement, a project's several merged into one with all their topics. */
async function send(tx: Tx, notices: ChangeNotice[]): Promise<void> {
  await execute(Prisma.sql`select pg_notify(${CHANNEL}, payload) from unnest(${payloadsOf(notices)}::text[]) as payload`, tx);
}

const deferredNotices: Deferred<ChangeNotice> = { order: 0, flush: send };

/** Announces a change when its transaction commits (inside transaction(): once, at its end). */
export async function notifyChange(tx: Tx, notice: ChangeNotice): Promise<void> {
  if (!deferToCommit(tx, deferredNotices, notice)) await send(tx, [notice]);
}
