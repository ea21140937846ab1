// Every kind of in-app notification, once: what causes it and who gets it. The notification
// centre, and later email and preferences, derive from this list; nothing else names a kind.
export const NOTIFICATION_KINDS = [
  {
    kind: "approval.waiting",
    label: "Approval waiting",
    description: "A promotion waits for an approval your roles may give (never your own request when its policy forbids that).",
  },
  {
    kind: "promotion.decided",
    label: "Your promotion",
    description: "A promotion you requested was approved, rejected, failed, rolled back or superseded.",
  },
  {
    kind: "signoff.needed",
    label: "Sign-off needed",
    description: "A waiting promotion needs QA's sign-off of the release in an earlier environment.",
  },
  {
    kind: "signoff.voided",
    label: "Sign-off voided",
    description: "A run you signed off was voided by a later change to its results.",
  },
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]["kind"];

export const notificationKinds: readonly NotificationKind[] = NOTIFICATION_KINDS.map((k) => k.kind);

export function kindLabel(kind: string): string {
  return NOTIFICATION_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}
