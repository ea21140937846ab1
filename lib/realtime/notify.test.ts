import { describe, expect, test } from "vitest";
import { payloadsOf, type ChangeNotice } from "./notify";
import { staleKeysOf, topicKinds, type LiveTopic } from "./topics";

const notice = (projectId: string, topics: LiveTopic[]): ChangeNotice => ({ projectId, projectSlug: `slug-${projectId}`, topics });

describe("change notices", () => {
  test("a change's notices become one per project, each topic once", () => {
    const payloads = payloadsOf([notice("a", ["board", "releases"]), notice("b", ["board"]), notice("a", ["board", "inbox"])]);
    expect(payloads.map((p) => JSON.parse(p) as ChangeNotice)).toEqual([
      { projectId: "a", projectSlug: "slug-a", topics: ["board", "releases", "inbox"] },
      { projectId: "b", projectSlug: "slug-b", topics: ["board"] },
    ]);
  });

  test("a change touching hundreds of releases is split into payloads PostgreSQL accepts", () => {
    const topics = Array.from({ length: 600 }, (_, n): LiveTopic => `release:01a21416-7956-730e-b27a-${String(n).padStart(12, "0")}`);
    const payloads = payloadsOf([notice("a", ["board", ...topics])]);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(payloads.flatMap((p) => (JSON.parse(p) as ChangeNotice).topics)).toEqual(["board", ...topics]);
  });
});

describe("what a topic makes stale in the browser", () => {
  // The caches as the pages key them (lib/*/keys.ts): a topic must reach the prefix of each.
  test.each([
    ["board", ["board", "chk"]],
    ["inbox", ["inbox"]],
    ["notifications", ["notifications"]],
    ["policy", ["environments", "chk"]],
    ["releases", ["releases", "chk"]],
    ["release:0199", ["releases", "chk"]],
    ["cases", ["cases", "chk"]],
    ["runs", ["runs", "chk"]],
    ["run:0199", ["runs", "chk"]],
    ["deliveries", ["settings", "chk"]],
  ])("%s → %j", (topic, key) => {
    expect(staleKeysOf(topic, "chk")).toEqual(
      topic === "board"
        ? [
            ["board", "chk"],
            ["board", { projects: "all" }],
          ]
        : [key],
    );
  });

  test("every kind of topic is known, and a topic this build does not know touches nothing", () => {
    expect([...topicKinds].sort()).toEqual([
      "attachments",
      "board",
      "cases",
      "deliveries",
      "inbox",
      "notifications",
      "policy",
      "release",
      "releases",
      "run",
      "runs",
    ]);
    expect(staleKeysOf("attachments", "chk")).toEqual([["attachments"]]);
    expect(staleKeysOf("insights", "chk")).toEqual([]);
    expect(staleKeysOf("constructor", "chk")).toEqual([]);
  });
});
