// Every live-update topic (named in lib/events.ts, the one list of what crosses the wire): what a
// committed change touched (the server's change notices, ./notify.ts) and which of the browser's React Query caches that makes stale (the listener,
// components/live/live-updates.tsx). Both sides use this module, so a topic the server sends is one
// the browser knows, and a cache key is written in its module's keys.ts only. Imported by client
// code: nothing here may reach the server's modules.
import { eventNames, type LiveTopicKind } from "@/lib/events";
import { attachmentKeys } from "@/lib/attachments/keys";
import { environmentKeys } from "@/lib/environments/keys";
import { notificationKeys } from "@/lib/notifications/keys";
import { boardKeys, inboxKeys } from "@/lib/promotions/keys";
import { releaseKeys } from "@/lib/releases/keys";
import { caseKeys } from "@/lib/test-cases/keys";
import { runKeys } from "@/lib/test-runs/keys";
import { webhookKeys } from "@/lib/webhooks/keys";

type QueryKey = readonly unknown[];

/** Each kind of topic (described in lib/events.ts) and the caches, by key prefix, of a project it makes stale. */
const STALE: Record<LiveTopicKind, (slug: string) => QueryKey[]> = {
  // The project's board and the board across projects (not every project's: a busy team's
  // notices would refetch every open board all the time).
  board: (slug) => [boardKeys.project(slug), boardKeys.portfolio],
  inbox: () => [inboxKeys.all],
  // The server sends `notifications:<member id>`; a browser hears its own as `notifications`.
  notifications: () => [notificationKeys.all],
  policy: (slug) => [environmentKeys.all(slug)],
  releases: (slug) => [releaseKeys.all(slug)],
  // One release's page lives under the release list's key; one run's under the run list's.
  release: (slug) => [releaseKeys.all(slug)],
  cases: (slug) => [caseKeys.all(slug)],
  runs: (slug) => [runKeys.all(slug)],
  run: (slug) => [runKeys.all(slug)],
  deliveries: (slug) => [webhookKeys.all(slug)],
  // Few pages show attachments at once, each one list: every list is read again.
  attachments: () => [attachmentKeys.all],
};

/** A topic a change notice may carry: a kind, or one release's, run's or member's. */
export type LiveTopic = Exclude<LiveTopicKind, "release" | "run"> | `release:${string}` | `run:${string}` | `notifications:${string}`;

/** The topics of one release, one run and one member's notifications. */
export const topicOf = {
  release: (id: string): LiveTopic => `release:${id}`,
  run: (id: string): LiveTopic => `run:${id}`,
  notifications: (memberId: string): LiveTopic => `notifications:${memberId}`,
};

/** The React Query key prefixes a topic makes stale in project `slug`; none for a topic this build does not know (a newer server's). */
export function staleKeysOf(topic: string, slug: string): QueryKey[] {
  const kind = topic.split(":")[0]!;
  return Object.hasOwn(STALE, kind) ? STALE[kind as LiveTopicKind](slug) : [];
}

/** Every kind of topic (the part before any ":"). */
export const topicKinds: readonly LiveTopicKind[] = eventNames("live");
