// Every live-update topic, once: what a committed change touched (the server's change notices,
// ./notify.ts) and which of the browser's React Query caches that makes stale (the listener,
// components/live/live-updates.tsx). Both sides use this module, so a topic the server sends is one
// the browser knows, and a cache key is written in its module's keys.ts only. Imported by client
// code: nothing here may reach the server's modules.
import { environmentKeys } from "@/lib/environments/keys";
import { notificationKeys } from "@/lib/notifications/keys";
import { boardKeys, inboxKeys } from "@/lib/promotions/keys";
import { releaseKeys } from "@/lib/releases/keys";
import { caseKeys } from "@/lib/test-cases/keys";
import { runKeys } from "@/lib/test-runs/keys";
import { webhookKeys } from "@/lib/webhooks/keys";

type QueryKey = readonly unknown[];

/** Each kind of topic and the caches (by key prefix) of a project it makes stale. */
const STALE: Record<string, (slug: string) => QueryKey> = {
  /** The project's board: a release, a promotion, a deployment, a run that gates one. */
  board: (slug) => boardKeys.project(slug),
  /** Waiting on me, for everyone: what waits on whom changed. */
  inbox: () => inboxKeys.all,
  /** A member's notifications; the server sends `notifications:<member id>`, a browser hears its own as `notifications`. */
  notifications: () => notificationKeys.all,
  /** Environments and their policies. */
  policy: (slug) => environmentKeys.all(slug),
  /** The release list; `release:<id>` one release's page, which lives under the same key. */
  releases: (slug) => releaseKeys.all(slug),
  release: (slug) => releaseKeys.all(slug),
  /** The case library. */
  cases: (slug) => caseKeys.all(slug),
  /** The run list; `run:<id>` one run's page, under the same key. */
  runs: (slug) => runKeys.all(slug),
  run: (slug) => runKeys.all(slug),
  /** Webhooks and their delivery log. */
  deliveries: (slug) => webhookKeys.all(slug),
};

/** A topic a change notice may carry. */
export type LiveTopic =
  | "board"
  | "inbox"
  | "notifications"
  | "policy"
  | "releases"
  | "cases"
  | "runs"
  | "deliveries"
  | `release:${string}`
  | `run:${string}`
  | `notifications:${string}`;

/** The topics of one release, one run and one member's notifications. */
export const topicOf = {
  release: (id: string): LiveTopic => `release:${id}`,
  run: (id: string): LiveTopic => `run:${id}`,
  notifications: (memberId: string): LiveTopic => `notifications:${memberId}`,
};

/** The React Query key prefix a topic makes stale in project `slug`, or null for a topic this build does not know (a newer server's). */
export function staleKeyOf(topic: string, slug: string): QueryKey | null {
  const kind = topic.split(":")[0]!;
  return Object.hasOwn(STALE, kind) ? STALE[kind]!(slug) : null;
}

/** Every kind of topic (the part before any ":"). */
export const topicKinds: readonly string[] = Object.keys(STALE);
