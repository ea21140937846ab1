import { describe, expect, test } from "vitest";
import { kindLabel, notificationKinds } from "@/lib/notifications/kinds";
import { staleKeysOf, topicKinds } from "@/lib/realtime/topics";
import { WEBHOOK_EVENTS, webhookInputSchema } from "@/lib/webhooks/schemas";
import { EVENTS } from "./events";

const hook = (events: string[]) => ({ name: "ci", url: "https://ci.example.com/hook", events });

describe("one list of what crosses the wire", () => {
  test("a webhook subscribes to exactly the listed events, in the list's order, and nothing else", () => {
    expect(WEBHOOK_EVENTS).toEqual([
      "release.created",
      "promotion.awaiting_approval",
      "promotion.approved",
      "promotion.rejected",
      "deployment.succeeded",
      "deployment.failed",
      "run.signed_off",
    ]);
    const all = webhookInputSchema.safeParse(hook([...WEBHOOK_EVENTS].reverse()));
    expect(all.success && all.data.events).toEqual(WEBHOOK_EVENTS);
    // Names of the other channels are not webhook events.
    for (const other of ["approval.waiting", "board", "deployment.deploy"])
      expect(webhookInputSchema.safeParse(hook([other])).success).toBe(false);
  });

  test("every live topic kind makes some cache stale", () => {
    expect(topicKinds).toEqual(Object.keys(EVENTS.live));
    for (const kind of topicKinds) expect(staleKeysOf(kind, "chk")).not.toEqual([]);
  });

  test("notification kinds are the listed ones, each with its label; an unknown kind shows as itself", () => {
    expect(notificationKinds).toEqual([
      "approval.waiting",
      "promotion.decided",
      "signoff.needed",
      "signoff.voided",
      "approval.nudged",
      "approval.reminded",
      "approval.escalated",
      "run.assigned",
      "run.unassigned",
      "mention",
    ]);
    expect(kindLabel("signoff.voided")).toBe("Sign-off voided");
    expect(kindLabel("toString")).toBe("toString");
    expect(kindLabel("mention")).toBe("Mention");
    expect(kindLabel("no.such.kind")).toBe("no.such.kind");
  });
});
