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
});
