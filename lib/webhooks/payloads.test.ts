import { describe, expect, test } from "vitest";
import { eventBody, slackMessage, type EventEnvelope } from "./payloads";

const base = {
  id: "evt_1",
  createdAt: "2026-11-25T12:00:00.000Z",
  project: { slug: "checkout-service", name: "Checkout service", url: "http://shiproom.test/projects/checkout-service" },
};
const release = { version: "v1.4.0", commitSha: "abc1234def", artifactRef: null };
const promotion = (over: Partial<NonNullable<EventEnvelope["data"]["promotion"]>> = {}) => ({
  id: "d1",
  number: 12,
  environment: "production",
  status: "APPROVED",
  isRollback: false,
  reason: null,
  url: "http://shiproom.test/projects/checkout-service?promotion=d1",
  ...over,
});

describe("event messages", () => {
  test.each<[string, EventEnvelope["data"], string]>([
    ["release.created", { actor: "CI", release }, "*Checkout service*: Release v1.4.0 (abc1234) registered by CI"],
    [
      "promotion.awaiting_approval",
      { actor: "Dana", release, promotion: promotion(), message: "2 from Ops" },
      "*Checkout service*: v1.4.0 → production (#12) waits for approval: 2 from Ops",
    ],
    ["promotion.approved", { actor: "Omar", release, promotion: promotion() }, "*Checkout service*: v1.4.0 → production (#12) approved"],
    [
      "promotion.rejected",
      { actor: "Omar", release, promotion: promotion(), message: "error rate" },
      "*Checkout service*: v1.4.0 → production (#12) rejected by Omar: error rate",
    ],
    ["deployment.succeeded", { actor: "Omar", release, promotion: promotion() }, "*Checkout service*: v1.4.0 now runs in production"],
    [
      "deployment.succeeded",
      { actor: "Omar", release: { ...release, version: "v1.3.2" }, promotion: promotion({ isRollback: true, reason: "incident 42" }) },
      "*Checkout service*: Rolled back production to v1.3.2: incident 42",
    ],
    [
      "deployment.failed",
      { actor: "deployer", release, promotion: promotion(), message: "image pull failed" },
      "*Checkout service*: Deploying v1.4.0 → production (#12) failed: image pull failed",
    ],
    [
      "run.signed_off",
      { actor: "Quinn", release, run: { id: "r", number: 3, name: "Regression", environment: "staging", url: "http://x/r" } },
      "*Checkout service*: QA signed off run #3 of v1.4.0 on staging (Quinn)",
    ],
  ])("%s reads as a sentence in Slack", (type, data, text) => {
    expect(slackMessage({ ...base, type, data }).text).toBe(text);
  });

  test("a Slack message links to the promotion and names the event id", () => {
    const message = slackMessage({ ...base, type: "promotion.approved", data: { actor: "Omar", release, promotion: promotion() } });
    expect(JSON.stringify(message.blocks)).toContain("<http://shiproom.test/projects/checkout-service?promotion=d1|Open in Shiproom>");
    expect(JSON.stringify(message.blocks)).toContain("promotion.approved · evt_1");
  });

  test("the JSON format is the envelope itself, with a one-line summary", () => {
    const envelope: EventEnvelope = { ...base, type: "release.created", data: { actor: "CI", release } };
    expect(JSON.parse(eventBody(envelope, "JSON"))).toEqual({ ...envelope, summary: "Release v1.4.0 (abc1234) registered by CI" });
    expect(JSON.parse(eventBody(envelope, "SLACK"))).toHaveProperty("text");
  });
});
