import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { createRelease } from "@/lib/releases/mutations";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { inboxCount, listInbox } from "./inbox";
import { approvePromotion, reportDeployment, requestPromotion } from "./mutations";

setupTestDatabase();

describe("waiting on me", () => {
  test("lists the approvals a member may give now, and the deployments ops report", async () => {
    const { slug, envs } = await makePipeline({
      staging: {
        approvalRules: [
          { role: "OPS", minCount: 1 },
          { role: "QA", minCount: 1 },
        ],
      },
    });
    const dev = await makeActor(["DEVELOPER"]);
    const ops = await makeActor(["OPS"]);
    const qa = await makeActor(["QA"]);
    await createRelease(dev, slug, { version: "v1", commitSha: "abcdef1" });
    // Dev's automatic promotion waits on ops' report; nobody else acts on it.
    expect((await listInbox(ops)).map((item) => [item.kind, item.promotion.environment.name])).toEqual([["report", "dev"]]);
    expect(await inboxCount(qa)).toBe(0);
    expect(await inboxCount(dev)).toBe(0);

    const inDev = await db().deployment.findFirstOrThrow({ where: { environmentId: envs.dev.id } });
    await reportDeployment(ops, inDev.id, { status: "succeeded" });
    const waiting = await requestPromotion(dev, slug, { release: "v1", environment: "staging" });
    expect((await listInbox(ops)).map((item) => item.kind)).toEqual(["approve"]);
    expect((await listInbox(qa)).map((item) => item.kind)).toEqual(["approve"]);
    expect(await inboxCount(dev)).toBe(0);

    await approvePromotion(ops, waiting.id, {});
    expect(await inboxCount(ops)).toBe(0);
    expect(await inboxCount(qa)).toBe(1);
    await approvePromotion(qa, waiting.id, {});
    expect(await inboxCount(qa)).toBe(0);
    // Approved: now ops report the deployment.
    expect((await listInbox(ops)).map((item) => [item.kind, item.promotion.environment.name])).toEqual([["report", "staging"]]);
  });
});
