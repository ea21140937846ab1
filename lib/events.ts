// Every event that crosses the wire, once, by the channel it travels on:
// - `live`: the topics of the server's change notices (lib/realtime), each the React Query caches
//   it makes stale in open browsers (lib/realtime/topics.ts maps each to its keys);
// - `webhook`: what a project's event webhooks may subscribe to (lib/webhooks), with the
//   sentence the settings page shows;
// - `notification`: the kinds of a member's notifications (lib/notifications), which the
//   notification centre lists and the email and preferences of later work derive from.
// Each module's list and type derive from here, so a name is written once and a channel cannot
// send what the others do not know. Pure data: imported by server and browser code alike.

export const EVENTS = {
  live: {
    board: "The project's board: a release, a promotion, a deployment, a run that gates one.",
    inbox: "Waiting on me, for everyone: what waits on whom changed.",
    notifications: "A member's notifications; the server sends `notifications:<member id>`, a browser hears its own as `notifications`.",
    policy: "Environments and their policies.",
    releases: "The release list.",
    release: "One release's page (`release:<id>`).",
    cases: "The case library.",
    runs: "The run list.",
    run: "One run's page (`run:<id>`).",
    deliveries: "Webhooks and their delivery log.",
    attachments: "The files attached to results and test cases: one added (by hand or with a JUnit report) or removed.",
  },
  webhook: {
    "release.created": "A release is registered",
    "promotion.awaiting_approval": "A promotion waits for approvals",
    "promotion.approved": "A promotion passed all its gates",
    "promotion.rejected": "A promotion was rejected",
    "deployment.succeeded": "A deployment succeeded",
    "deployment.failed": "A deployment failed",
    "run.signed_off": "QA signed a test run off",
  },
  notification: {
    "approval.waiting": {
      label: "Approval waiting",
      description: "A promotion waits for an approval your roles may give (never your own request when its policy forbids that).",
    },
    "promotion.decided": {
      label: "Your promotion",
      description: "A promotion you requested was approved, rejected, failed, rolled back or superseded.",
    },
    "signoff.needed": {
      label: "Sign-off needed",
      description: "A waiting promotion needs QA's sign-off of the release in an earlier environment.",
      /** Only members holding one of these roles can receive it (absent: anyone). */
      roles: ["QA"],
    },
    "signoff.voided": {
      label: "Sign-off voided",
      description: "A run you signed off was voided by a later change to its results.",
    },
    "approval.nudged": {
      label: "Nudge",
      description:
        "Someone on the team asks you to approve a waiting promotion your roles may still approve (at most once an hour per promotion).",
    },
    "approval.reminded": {
      label: "Approval reminder",
      description:
        "A promotion your roles may still approve has waited longer than the environment's reminder interval (again each time it passes).",
    },
    "approval.escalated": {
      label: "Approval overdue",
      description: "A promotion still waits for approvals after the environment's escalation time (once).",
      roles: ["ADMIN"],
    },
    "run.assigned": {
      label: "Cases assigned to you",
      description: "Someone assigned you cases to execute in a test run (one notification for each assignment, however many cases).",
    },
    "run.unassigned": {
      label: "Cases taken off you",
      description:
        "Someone gave cases assigned to you in a test run to another tester, or took them back (one notification for each assignment).",
    },
    mention: {
      label: "Mention",
      description: "Someone mentioned you (@) in a release's discussion or in a result's note.",
    },
  },
} as const;

/** A kind of live-update topic (the part of a topic before any ":"). */
export type LiveTopicKind = keyof typeof EVENTS.live;
/** An event a webhook may subscribe to. */
export type WebhookEvent = keyof typeof EVENTS.webhook;
/** A kind of notification. */
export type NotificationKind = keyof typeof EVENTS.notification;

/** The names on one channel, in the order written above. */
export function eventNames<C extends keyof typeof EVENTS>(channel: C): (keyof (typeof EVENTS)[C])[] {
  return Object.keys(EVENTS[channel]) as (keyof (typeof EVENTS)[C])[];
}
