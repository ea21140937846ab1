// Change notices for live updates. pg_notify is transactional: a notice sent inside a
// transaction is delivered when, and only if, it commits — on PostgreSQL to every server
// process listening, on PGlite to this process.
import type { Tx } from "@/lib/db/client";
import { deferToCommit, type Deferred } from "@/lib/db/transaction";

export const CHANNEL = "shiproom_changes";

export type ChangeNotice = {
  projectId: string;
  projectSlug: string;
  /** What changed: "board", "releases", "release:<id>", "inbox", "policy". */
  topics: string[];
};

/** Sends notices in one statement, a project's several merged into one with all their topics. */
async function send(tx: Tx, notices: ChangeNotice[]): Promise<void> {
  const merged = new Map<string, ChangeNotice>();
  for (const notice of notices) {
    const known = merged.get(notice.projectId);
    if (known) known.topics = [...new Set([...known.topics, ...notice.topics])];
    else merged.set(notice.projectId, { ...notice, topics: [...notice.topics] });
  }
  const payloads = [...merged.values()].map((notice) => JSON.stringify(notice));
  await tx.$executeRaw`select pg_notify(${CHANNEL}, payload) from unnest(${payloads}::text[]) as payload`;
}

const deferredNotices: Deferred<ChangeNotice> = { order: 0, flush: send };

/** Announces a change when its transaction commits (inside transaction(): once, at its end). */
export async function notifyChange(tx: Tx, notice: ChangeNotice): Promise<void> {
  if (!deferToCommit(tx, deferredNotices, notice)) await send(tx, [notice]);
}
