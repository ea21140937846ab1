import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { canonicalJson, eventHash, type ChainedFields } from "./chain";

const event: ChainedFields = {
  occurredAt: new Date("2026-11-25T10:00:00.000Z"),
  actorKind: "MEMBER",
  actorMemberId: "m1",
  actorTokenId: null,
  actorLabel: "Ari <ari@example.test>",
  action: "member.roles_changed",
  objectType: "member",
  objectId: "m2",
  projectId: null,
  reason: null,
  before: { roles: ["QA"] },
  after: { roles: ["QA", "OPS"] },
  origin: { ip: "127.0.0.1" },
};

describe("audit hash chain", () => {
  test("canonical JSON does not depend on key order (jsonb reorders keys)", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  test("undefined members are left out, as JSON leaves them out", () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  test("the event's hash is SHA-256 over the predecessor, a newline and the event's canonical JSON", () => {
    expect(eventHash("abc", event)).toBe(
      createHash("sha256")
        .update(`abc\n${canonicalJson(event)}`)
        .digest("hex"),
    );
    expect(eventHash(null, event)).toBe(
      createHash("sha256")
        .update(`\n${canonicalJson(event)}`)
        .digest("hex"),
    );
  });

  test("the same event after the same predecessor hashes the same", () => {
    expect(eventHash("abc", event)).toBe(eventHash("abc", { ...event }));
  });

  test.each([
    ["the predecessor", (e: ChainedFields) => e, "abd"],
    ["the actor", (e: ChainedFields) => ({ ...e, actorLabel: "Mallory" }), "abc"],
    ["the time", (e: ChainedFields) => ({ ...e, occurredAt: new Date("2026-11-25T10:00:00.001Z") }), "abc"],
    ["what changed", (e: ChainedFields) => ({ ...e, after: { roles: ["ADMIN"] } }), "abc"],
    ["the reason", (e: ChainedFields) => ({ ...e, reason: "because" }), "abc"],
  ])("changing %s changes the hash", (_, edit, prev) => {
    expect(eventHash(prev, edit(event))).not.toBe(eventHash("abc", event));
  });
});
