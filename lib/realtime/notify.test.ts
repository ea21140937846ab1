import { describe, expect, test } from "vitest";
import { payloadsOf, type ChangeNotice } from "./notify";

const notice = (projectId: string, topics: string[]): ChangeNotice => ({ projectId, projectSlug: `slug-${projectId}`, topics });

describe("change notices", () => {
  test("a change's notices become one per project, each topic once", () => {
    const payloads = payloadsOf([notice("a", ["board", "releases"]), notice("b", ["board"]), notice("a", ["board", "inbox"])]);
    expect(payloads.map((p) => JSON.parse(p) as ChangeNotice)).toEqual([
      { projectId: "a", projectSlug: "slug-a", topics: ["board", "releases", "inbox"] },
      { projectId: "b", projectSlug: "slug-b", topics: ["board"] },
    ]);
  });

  test("a change touching hundreds of releases is split into payloads PostgreSQL accepts", () => {
    const topics = Array.from({ length: 600 }, (_, n) => `release:01a21416-7956-730e-b27a-${String(n).padStart(12, "0")}`);
    const payloads = payloadsOf([notice("a", ["board", ...topics])]);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(payloads.flatMap((p) => (JSON.parse(p) as ChangeNotice).topics)).toEqual(["board", ...topics]);
  });
});
