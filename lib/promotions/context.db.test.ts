import { describe, expect, test } from "vitest";
import { authenticateToken } from "@/lib/auth/token";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { createRelease } from "@/lib/releases/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { createToken } from "@/lib/tokens/mutations";
import { gateContexts, loadPromotionRow, loadPromotionRows, promotionInclude } from "./context";
import { approvePromotion, overrideFreeze, reportDeployment, requestPromotion } from "./mutations";

setupTestDatabase();

describe("the promotion loader", () => {
  test("reads exactly what Prisma's include reads: relations, approvals, rules and freezes, in order, dates as dates", async () => {
    const { slug, envs, admin } = await makePipeline({
      staging: {
        approvalRules: [
          { role: "QA", minCount: 1 },
          { role: "OPS", minCount: 2 },
        ],
      },
    });
    await db().environment.update({
      where: { id: envs.staging.id },
      data: { deployConfig: { url: "https://deploy.example.test", createdAt: "kept as text" } },
    });
    for (const [label, hours] of [
      ["Weekend", 48],
      ["Launch", 1],
    ] as const)
      await db().freezeWindow.create({
        data: {
          environmentId: envs.staging.id,
          kind: "ONE_OFF",
          label,
          timeZone: "Europe/Berlin",
          startsAt: new Date(Date.now() - 3600_000),
          endsAt: new Date(Date.now() + hours * 3600_000),
        },
      });
    const dev = await makeActor(["DEVELOPER"]);
    const ops = await makeActor(["OPS"]);
    const qa = await makeActor(["QA"]);
    const version = unique("v");
    await createRelease(dev, slug, { version, commitSha: "abc1234def" });
    const inDev = (await loadPromotionRows(db(), Prisma.sql`d."environmentId" = ${envs.dev.id}::uuid`))[0]!;
    await reportDeployment(ops, inDev.id, { status: "succeeded", url: "https://dev.example.test" });

    // Requested by a token, overridden through the freeze by an admin, approved by QA with a comment.
    const token = await createToken(admin, slug, { name: "CI", scopes: ["promotions:request"] });
    const ci = (await authenticateToken(token.secret, { ip: "10.0.0.9", userAgent: "test" }))!;
    const promotion = await requestPromotion(ci, slug, { release: version, environment: "staging" });
    await overrideFreeze(admin, promotion.id, { reason: "launch day" });
    await approvePromotion(qa, promotion.id, { comment: "looks good" });

    // The one statement reads exactly what Prisma's include reads, value for value and type for type.
    for (const id of [inDev.id, promotion.id]) {
      const expected = await db().deployment.findUniqueOrThrow({ where: { id }, include: promotionInclude });
      expect(await loadPromotionRow(db(), id)).toStrictEqual(expected);
    }
    const loaded = (await loadPromotionRow(db(), promotion.id))!;
    expect(loaded.project.slug).toBe(slug);
    expect(loaded.release).toMatchObject({ version, commitSha: "abc1234def", abandonedAt: null });
    expect(loaded.release.createdAt).toBeInstanceOf(Date);
    expect(loaded.approvals.map((a) => ({ comment: a.comment, roles: a.roles, member: a.member.name }))).toEqual([
      { comment: "looks good", roles: ["QA"], member: qa.label.replace(/ <.*>$/, "") },
    ]);
    expect(loaded.approvals[0]!.createdAt).toBeInstanceOf(Date);
    expect(loaded.environment.freezeWindows.map((w) => w.label)).toEqual(["Weekend", "Launch"]);
    expect(loaded.environment.freezeWindows[0]!.startsAt).toBeInstanceOf(Date);
    // In the role enum's order (developer, QA, ops, admin), as everywhere rules are listed.
    expect(loaded.environment.approvalRules.map((r) => [r.role, r.minCount])).toEqual([
      ["QA", 1],
      ["OPS", 2],
    ]);
    expect(loaded.environment.deployConfig).toEqual({ url: "https://deploy.example.test", createdAt: "kept as text" });
    expect(loaded.requestedByToken?.name).toBe("CI");
    expect(loaded.freezeOverrideBy?.name).toBe(admin.label.replace(/ <.*>$/, ""));
    expect(loaded.freezeOverrideNote).toBe("launch day");
    expect((await loadPromotionRow(db(), inDev.id))!.externalUrl).toBe("https://dev.example.test");
    expect(await loadPromotionRow(db(), "00000000-0000-7000-8000-000000000000")).toBeNull();
  });
});

describe("the gate context", () => {
  test("a release that succeeded more than once in the environment before is dated by its latest success there", async () => {
    const { slug, envs } = await makePipeline();
    const dev = await makeActor(["DEVELOPER"]);
    const ops = await makeActor(["OPS"]);
    const version = unique("v");
    await createRelease(dev, slug, { version, commitSha: "abc1234def" });
    const inDev = (await loadPromotionRows(db(), Prisma.sql`d."environmentId" = ${envs.dev.id}::uuid`))[0]!;
    await reportDeployment(ops, inDev.id, { status: "succeeded" });
    // Two more successes of the same release in dev, read after the first: a later one, then an
    // earlier one (neither the first nor the last row read is the latest).
    const at = (days: number) => new Date(Date.now() + days * 86_400_000);
    const latest = at(1);
    for (const [offset, when] of [
      [1000, latest],
      [1001, at(-2)],
    ] as const)
      await db().$executeRaw`
        insert into "Deployment" (id, "projectId", number, "environmentId", "releaseId", status, "requestedByKind", "succeededAt", "finishedAt", "createdAt", "updatedAt")
        select gen_random_uuid(), "projectId", number + ${offset}, "environmentId", "releaseId", 'SUPERSEDED', "requestedByKind", ${when}, ${when}, ${when}, ${when}
        from "Deployment" where id = ${inDev.id}::uuid`;
    const staging = await requestPromotion(dev, slug, { release: version, environment: "staging" });
    const row = (await loadPromotionRow(db(), staging.id))!;
    expect((await gateContexts(db(), [row])).get(row.id)!.succeeded).toMatchObject({ previous: true, previousAt: latest.toISOString() });
  });
});
