import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { createRelease } from "@/lib/releases/mutations";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { approvePromotion, reportDeployment, requestPromotion } from "@/lib/promotions/mutations";
import { authenticateToken } from "@/lib/auth/token";
import { applyPipeline, rejectPipelineChange } from "@/lib/pipeline/mutations";
import { createToken } from "@/lib/tokens/mutations";
import { inboxCount, listInbox, type InboxItem } from "./queries";

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
    expect((await listInbox(ops)).map((item) => [item.kind, where(item)])).toEqual([["report", "dev"]]);
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
    expect((await listInbox(ops)).map((item) => [item.kind, where(item)])).toEqual([["report", "staging"]]);
  });

  test("admins see the pipeline changes waiting for them; nobody else does, and a decision clears it", async () => {
    const { slug } = await makePipeline({ production: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const admin = await makeActor(["ADMIN"]);
    const ops = await makeActor(["OPS"]);
    const made = await createToken(admin, slug, { name: "CI", scopes: ["pipeline:write"] });
    const token = (await authenticateToken(made.secret, {}))!;
    const stripped =
      "version: 1\nenvironments:\n  - name: dev\n    autoPromote: true\n    requirePreviousSuccess: false\n  - name: staging\n  - name: production\n";
    const opsBefore = await inboxCount(ops);
    const { pendingChange } = await applyPipeline(token, slug, stripped);
    expect((await listInbox(admin)).map((item) => [item.kind, where(item)])).toEqual([["pipeline-change", slug]]);
    expect(await inboxCount(ops)).toBe(opsBefore);
    await rejectPipelineChange(admin, slug, pendingChange!.id, { reason: "Production keeps its approval" });
    expect(await inboxCount(admin)).toBe(0);
  });
});

describe("waiting on QA", () => {
  test("a promotion waiting for a sign-off is in QA's inbox even before any run of the release exists, with where to start one", async () => {
    const { slug, envs } = await makePipeline({ production: { approvalRules: [], signOffIn: "staging" } });
    const [dev, ops, qa] = [await makeActor(["DEVELOPER"]), await makeActor(["OPS"]), await makeActor(["QA"])];
    await createRelease(dev, slug, { version: "v1.4.1", commitSha: "abcdef1" });
    await reportDeployment(ops, (await db().deployment.findFirstOrThrow({ where: { environmentId: envs.dev.id } })).id, {
      status: "succeeded",
    });
    await reportDeployment(ops, (await requestPromotion(dev, slug, { release: "v1.4.1", environment: "staging" })).id, {
      status: "succeeded",
    });
    await requestPromotion(dev, slug, { release: "v1.4.1", environment: "production" });

    const mine = (await listInbox(qa)).filter((item) => item.kind === "sign-off");
    expect(mine.map((item) => where(item))).toEqual(["production"]);
    const item = mine[0] as Exclude<InboxItem, { kind: "pipeline-change" | "queue" }>;
    const gate = item.promotion.gates!.gates.find((g) => g.kind === "sign-off")!;
    expect(gate).toMatchObject({
      summary: "no test run of v1.4.1 on staging yet",
      href: `/projects/${slug}/runs?release=v1.4.1&environment=staging`,
      hrefLabel: "start a run",
    });
  });
});

function where(item: InboxItem): string {
  return item.kind === "pipeline-change"
    ? item.project.slug
    : item.kind === "queue"
      ? item.run.environment
      : item.promotion.environment.name;
}
