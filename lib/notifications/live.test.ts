import { describe, expect, test } from "vitest";
import { memberTopic, topicsFor } from "./live";

describe("notification topics", () => {
  test("a member hears their own notifications as 'notifications' and never another member's", () => {
    const topics = ["board", memberTopic("a"), memberTopic("b"), "inbox"] as const;
    expect(topicsFor("a", topics)).toEqual(["board", "notifications", "inbox"]);
    expect(topicsFor("c", topics)).toEqual(["board", "inbox"]);
    expect(topicsFor(null, [memberTopic("a")])).toEqual([]);
  });
});
