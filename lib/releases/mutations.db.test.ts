import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { Conflict, type AppError } from "@/lib/http/errors";
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

  test("when the commit was made is kept as given, in any offset; one a little ahead counts as the registration; a date in the future, before 1970 or no date is named and nothing is registered", async () => {
    const { slug } = await makePipeline();
    const dev = await makeActor(["DEVELOPER"]);
    const release = await createRelease(dev, slug, { version: "v2.0.0", commitSha: "abcdef1", committedAt: "2026-10-01T09:30:00+02:00" });
    expect(release.committedAt).toBe("2026-10-01T07:30:00.000Z");
    // RFC 3339's lower-case t and z, and a space for the T.
    for (const [version, given] of [
      ["v2.0.0-lower", "2026-10-01t09:30:00z"],
      ["v2.0.0-space", "2026-10-01 09:30:00Z"],
    ])
      expect((await createRelease(dev, slug, { version, commitSha: "abcdef1", committedAt: given })).committedAt).toBe(
        "2026-10-01T09:30:00.000Z",
      );
    expect((await createRelease(dev, slug, { version: "v2.0.1", commitSha: "abcdef2" })).committedAt).toBeNull();
    expect((await createRelease(dev, slug, { version: "v2.0.1-null", commitSha: "abcdef2", committedAt: null })).committedAt).toBeNull();
    // The first second git can say, kept as it is (years before 1970 are refused below).
    const epoch = await createRelease(dev, slug, { version: "v2.0.1-epoch", commitSha: "abcdef2", committedAt: "1970-01-01T00:00:00Z" });
    expect(epoch.committedAt).toBe("1970-01-01T00:00:00.000Z");
    // A clock two minutes fast: the commit counts as made when the release was registered, never after.
    const fast = await createRelease(dev, slug, {
      version: "v2.0.1-fast",
      commitSha: "abcdef2",
      committedAt: new Date(Date.now() + 120_000).toISOString(),
    });
    expect(fast.committedAt).toBe(fast.createdAt);
    const future = new Date(Date.now() + 3600_000).toISOString();
    for (const [committedAt, message] of [
      [future, "The commit cannot be made in the future"],
      ["yesterday", "When the commit was made, as an RFC 3339 date-time, like 2026-10-01T09:30:00Z"],
      ["0026-10-01T09:30:00Z", "A commit is made at 1970-01-01T00:00:00Z (UTC) or later: git's time starts there"],
      ["1969-12-31T23:59:59Z", "A commit is made at 1970-01-01T00:00:00Z (UTC) or later: git's time starts there"],
      ["1970-01-01T00:00:00+05:30", "A commit is made at 1970-01-01T00:00:00Z (UTC) or later: git's time starts there"],
      ["2026-10-01", "When the commit was made, as an RFC 3339 date-time, like 2026-10-01T09:30:00Z"],
    ]) {
      const refused = (await createRelease(dev, slug, { version: "v2.0.2", commitSha: "abcdef3", committedAt }).catch(
        (e: unknown) => e,
      )) as AppError;
      expect(refused.status).toBe(422);
      expect(refused.fieldErrors).toEqual([{ field: "committedAt", message }]);
    }
    expect(await db().release.count({ where: { project: { slug } } })).toBe(7);
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
