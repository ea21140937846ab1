// Change notices for live updates. pg_notify is transactional: a notice sent inside a
// transaction is delivered when, and only if, it commits — on PostgreSQL to every server
// process listening, on PGlite to this process.
import type { Tx } from "@/lib/db/client";

export const CHANNEL = "shiproom_changes";

export type ChangeNotice = {
  projectId: string;
  projectSlug: string;
  /** What changed: "board", "releases", "release:<id>", "inbox", "policy". */
  topics: string[];
};

export async function notifyChange(tx: Tx, notice: ChangeNotice): Promise<void> {
  await tx.$executeRaw`select pg_notify(${CHANNEL}, ${JSON.stringify(notice)})`;
}
