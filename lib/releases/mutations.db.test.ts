import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { Conflict } from "@/lib/http/errors";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { abandonRelease, createRelease } from "./mutations";

setupTestDatabase();

describe("releases", () => {
  test("ten abandons of one release at once: one abandons it, nine are told it already is (409), none fails", async () => {
    const { slug } = await makePipeline();
    const dev = await makeActor(["DEVELOPER"]);
    await createRelease(dev, slug, { version: "v1.0.0", commitSha: "abcdef1" });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => abandonRelease(dev, slug, "v1.0.0", { reason: "wrong branch" })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refusals = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    expect(refusals).toHaveLength(9);
    for (const refusal of refusals) expect(refusal).toBeInstanceOf(Conflict);
    expect(
      await db().auditEvent.count({
        where: { action: "release.abandoned", after: { path: ["version"], equals: "v1.0.0" } },
      }),
    ).toBe(1);
  });

  test("a version differing from a taken one only in letter case is refused like a taken one", async () => {
    const { slug } = await makePipeline();
    const dev = await makeActor(["DEVELOPER"]);
    await createRelease(dev, slug, { version: "v1.4.0", commitSha: "abcdef1" });
    for (const version of ["V1.4.0", "v1.4.0"]) {
      const refused = await createRelease(dev, slug, { version, commitSha: "abcdef2" }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Conflict);
      expect((refused as Conflict).message).toBe(
        version === "v1.4.0"
          ? "Release v1.4.0 already exists: releases are immutable, so register a new version."
          : "Release V1.4.0 would differ from the existing v1.4.0 only in letter case: register another version.",
      );
    }
    expect(await db().release.count({ where: { project: { slug } } })).toBe(1);
  });

  test("pairs stored before the rule stay, and the rule still holds for new versions", async () => {
    const { slug, projectId } = await makePipeline();
    const dev = await makeActor(["DEVELOPER"]);
    await createRelease(dev, slug, { version: "v2.0.0", commitSha: "abcdef1" });
    // A twin as an older Shiproom could store it (marked as the migration marks those).
    await db().release.create({ data: { projectId, version: "V2.0.0", commitSha: "abcdef2", versionCaseTwin: true } });
    const refused = await createRelease(dev, slug, { version: "V2.0.0", commitSha: "abcdef3" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect(await db().release.count({ where: { projectId } })).toBe(2);
  });
});
