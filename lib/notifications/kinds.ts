// Every kind of in-app notification, named once in lib/events.ts (with what causes it and who gets
// it). The notification centre, and later email and preferences, derive from that list.
import { EVENTS, eventNames, type NotificationKind } from "@/lib/events";

export type { NotificationKind };

export const notificationKinds: readonly NotificationKind[] = eventNames("notification");

export function kindLabel(kind: string): string {
  return Object.hasOwn(EVENTS.notification, kind) ? EVENTS.notification[kind as NotificationKind].label : kind;
}
