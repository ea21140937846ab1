// "Waiting on me": everything a member may act on now, across projects. Each kind comes from the
// module that owns it; this one only gathers them (so it depends on them, never the reverse).
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { listWaitingPipelineChanges } from "@/lib/pipeline/queries";
import type { PendingChangeDto } from "@/lib/pipeline/schemas";
import { listPromotionInbox, type PromotionInboxItem } from "@/lib/promotions/inbox";
import { canEditPolicy } from "@/lib/promotions/policy";
import type { QueueItemDto } from "@/lib/test-runs/assignment-schemas";
import { listMyQueue } from "@/lib/test-runs/assignments";

export type InboxItem =
  | PromotionInboxItem
  | { kind: "pipeline-change"; project: { slug: string; name: string }; change: PendingChangeDto }
  | ({ kind: "queue" } & QueueItemDto);

/** Promotions the member may approve, report or sign off now; for admins, pipeline changes waiting for them too; then their queue of cases to execute. */
export async function listInbox(viewer: Actor): Promise<InboxItem[]> {
  if (viewer.kind !== "MEMBER") return [];
  const [promotions, changes, queue] = await Promise.all([
    listPromotionInbox(viewer),
    canEditPolicy(viewer) ? listWaitingPipelineChanges() : Promise.resolve([]),
    listMyQueue(viewer),
  ]);
  return [
    ...changes.map((c): InboxItem => ({ kind: "pipeline-change", project: c.project, change: c.change })),
    ...promotions,
    ...queue.map((q): InboxItem => ({ kind: "queue", ...q })),
  ];
}

export async function inboxCount(viewer: Actor): Promise<number> {
  return (await listInbox(viewer)).length;
}
