import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { createRelease } from "@/lib/releases/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { getPortfolioBoard } from "./portfolio";
import { approvePromotion, reportDeployment, requestPromotion } from "./mutations";
import { getPromotion } from "./queries";

setupTestDatabase();

describe("the release board across projects", () => {
  test("a row per live project, a column per environment name in pipeline order; each cell what runs, what is in flight, what waits", async () => {
    const dev = await makeActor(["DEVELOPER"]);
    const [ops1, ops2] = [await makeActor(["OPS"]), await makeActor(["OPS"])];
    const shop = await makePipeline({ production: { approvalRules: [{ role: "OPS", minCount: 2 }] } });
    const api = await makePipeline();
    const archived = await makePipeline();
    await db().project.update({ where: { slug: archived.slug }, data: { archivedAt: new Date() } });
    // api calls its second environment "qa": a column of its own, at the same place as staging.
    await db().environment.update({ where: { id: api.envs.staging.id }, data: { name: "qa" } });
    // short goes from dev straight to production: production still comes after staging.
    const short = await makePipeline();
    await db().environment.delete({ where: { id: short.envs.staging.id } });
    await db().environment.update({ where: { id: short.envs.production.id }, data: { position: 1 } });

    // shop: 1.0.0 through every environment.
    await createRelease(dev, shop.slug, { version: "1.0.0", commitSha: "aaa1111" });
    const inDev = await db().deployment.findFirstOrThrow({ where: { environmentId: shop.envs.dev.id } });
    await reportDeployment(ops1, inDev.id, { status: "succeeded" });
    const staging = await requestPromotion(dev, shop.slug, { release: "1.0.0", environment: "staging" });
    await reportDeployment(ops1, staging.id, { status: "succeeded" });
    const production = await requestPromotion(dev, shop.slug, { release: "1.0.0", environment: "production" });
    await approvePromotion(ops1, production.id, {});
    await approvePromotion(ops2, production.id, {});
    const live = await reportDeployment(ops1, production.id, { status: "succeeded" });
    // 1.1.0 lands in dev (approved, not yet reported) and is asked for in production, where it waits.
    await createRelease(dev, shop.slug, { version: "1.1.0", commitSha: "bbb2222" });
    const waiting = await requestPromotion(dev, shop.slug, { release: "1.1.0", environment: "production" });

    const board = await getPortfolioBoard("all");
    expect(board.environments).toEqual(["dev", "qa", "staging", "production"]);
    expect(board.projects.map((row) => row.project.slug).sort()).toEqual([shop.slug, api.slug, short.slug].sort());
    expect(board.projects.find((row) => row.project.slug === short.slug)!.cells.map((cell) => cell?.environment.name ?? null)).toEqual([
      "dev",
      null,
      null,
      "production",
    ]);

    const shopRow = board.projects.find((row) => row.project.slug === shop.slug)!;
    const [shopDev, shopQa, shopStaging, shopProduction] = shopRow.cells;
    expect(shopQa).toBeNull();
    expect(shopDev).toMatchObject({
      environment: { name: "dev" },
      current: { version: "1.0.0", number: 1, isRollback: false },
      inFlight: { version: "1.1.0", status: "APPROVED", isRollback: false },
      waiting: null,
    });
    expect(shopStaging).toMatchObject({ current: { version: "1.0.0", number: 2 }, inFlight: null, waiting: null });
    expect(shopProduction!.current).toEqual({ version: "1.0.0", number: 3, since: live.finishedAt, isRollback: false });
    // The waiting badge agrees with the promotion's own page: its gates, and what holds it first (staging has not run 1.1.0).
    const gates = (await getPromotion(waiting.id, dev)).gates!.gates;
    expect(shopProduction!.waiting).toEqual({
      id: waiting.id,
      version: "1.1.0",
      number: waiting.number,
      isRollback: false,
      checks: { passed: gates.filter((gate) => gate.status === "passed").length, total: gates.length },
      waitingOn: gates.find((gate) => gate.status !== "passed")!.waitingOn ?? expect.any(String),
    });
    expect(shopProduction!.waiting!.checks.passed).toBeLessThan(shopProduction!.waiting!.checks.total);
    expect(shopProduction!.waiting!.waitingOn).toMatch(/staging/);

    const apiRow = board.projects.find((row) => row.project.slug === api.slug)!;
    expect(apiRow.cells.map((cell) => cell && { name: cell.environment.name, current: cell.current })).toEqual([
      { name: "dev", current: null },
      { name: "qa", current: null },
      null,
      { name: "production", current: null },
    ]);

    // A token sees its own project only.
    const own = await getPortfolioBoard([api.projectId]);
    expect(own.projects.map((row) => row.project.slug)).toEqual([api.slug]);
    expect(own.environments).toEqual(["dev", "qa", "production"]);
  });
});
