import { describe, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { authenticateToken } from "@/lib/auth/token";
import { db } from "@/lib/db/client";
import { updateEnvironmentPolicy } from "@/lib/environments/mutations";
import { listEnvironmentPolicies } from "@/lib/environments/queries";
import { Conflict, Forbidden, NotFound, type ValidationFailed } from "@/lib/http/errors";
import { reportDeployment, requestPromotion } from "@/lib/promotions/mutations";
import { createRelease } from "@/lib/releases/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { policyInput } from "@/lib/testing/policies";
import { createToken } from "@/lib/tokens/mutations";
import { applyPipeline, approvePipelineChange, rejectPipelineChange } from "./mutations";
import { listPipelineChanges, livePipeline, pipelineChangeDetail } from "./queries";

setupTestDatabase();

/** A project with the default pipeline, production needing 1 from Ops and QA's sign-off on staging. */
async function projectWithToken(scopes = ["read", "pipeline:write", "releases:write", "promotions:request", "deployments:report"]) {
  const admin = await makeActor(["ADMIN"]);
  const { slug, projectId } = await makePipeline({
    production: { approvalRules: [{ role: "OPS", minCount: 1 }], signOffIn: "staging" },
  });
  const made = await createToken(admin, slug, { name: "CI", scopes });
  const token = (await authenticateToken(made.secret, { ip: "10.0.0.9" }))!;
  return { admin, slug, projectId, token };
}

/** The default pipeline as a file, with production's gates as given. */
const fileWith = (slug: string, production: string, staging = "") => `
version: 1
project: ${slug}
environments:
  - name: dev
    autoPromote: true
    requirePreviousSuccess: false
  - name: staging
${staging}
  - name: production
${production}
`;
const STRICT = "    approvals: [{ role: ops, count: 1 }]\n    signOff: { in: staging }";
const STRIPPED = "    approvals: []";

async function promotionToProduction(actor: Actor, slug: string, version: string) {
  const ops = await makeActor(["OPS"]);
  await createRelease(actor, slug, { version, commitSha: "abcdef1" });
  for (const environment of ["dev", "staging"]) {
    const inFlight =
      environment === "dev"
        ? await db().deployment.findFirstOrThrow({ where: { project: { slug }, environment: { name: "dev" }, release: { version } } })
        : await requestPromotion(actor, slug, { release: version, environment });
    await reportDeployment(ops, inFlight.id, { status: "succeeded" });
  }
  return requestPromotion(actor, slug, { release: version, environment: "production" });
}

describe("only people weaken a gate", () => {
  test("a token's file that strips production's gates is not applied; a release it registers still waits for people", async () => {
    const { slug, projectId, token } = await projectWithToken();
    const before = await livePipeline(slug);

    const answer = await applyPipeline(token, slug, fileWith(slug, STRIPPED), "strip-1");
    expect(answer.applied).toBe(false);
    expect(answer.pendingChange).toMatchObject({ status: "PENDING", revision: "strip-1", proposedBy: expect.stringContaining("CI") });
    expect(answer.pendingChange!.weakenings.map((w) => `${w.environment} ${w.gate}`)).toEqual([
      "production approvals",
      "production signOff",
    ]);
    expect(answer.pendingChange!.links.review).toMatch(new RegExp(`/projects/${slug}/policies/changes/${answer.pendingChange!.id}$`));
    expect(await livePipeline(slug)).toEqual(before);

    const proposed = await db().auditEvent.findMany({ where: { projectId, action: { startsWith: "pipeline." } } });
    expect(proposed.map((e) => [e.action, e.actorKind])).toEqual([["pipeline.change_proposed", "TOKEN"]]);

    const promotion = await promotionToProduction(token, slug, "v1.4.0");
    expect(promotion.status).toBe("AWAITING_GATES");
  });

  test("a token's file that only tightens applies at once", async () => {
    const { slug, token } = await projectWithToken();
    const tighter = fileWith(
      slug,
      "    approvals: [{ role: ops, count: 2 }, { role: qa, count: 1 }]\n    signOff: { in: staging, maxFailed: 0 }",
    );
    const answer = await applyPipeline(token, slug, tighter);
    expect(answer).toMatchObject({ applied: true, pendingChange: null });
    const production = (await livePipeline(slug)).environments.find((e) => e.name === "production")!;
    expect(production.approvalRules.map((r) => [r.role, r.minCount])).toEqual([
      ["QA", 1],
      ["OPS", 2],
    ]);
    expect((await applyPipeline(token, slug, tighter)).applied).toBe(false);
  });

  test("an admin's own apply of a weaker file applies at once", async () => {
    const { slug, admin } = await projectWithToken();
    const answer = await applyPipeline(admin, slug, fileWith(slug, STRIPPED));
    expect(answer).toMatchObject({ applied: true, pendingChange: null });
    expect((await livePipeline(slug)).environments[2]!.approvalRules).toEqual([]);
  });

  test("one change waits per project: a newer apply replaces it, and the same file again records nothing", async () => {
    const { slug, projectId, token } = await projectWithToken();
    const first = await applyPipeline(token, slug, fileWith(slug, STRIPPED), "r1");
    const again = await applyPipeline(token, slug, fileWith(slug, STRIPPED), "r1");
    expect(again.pendingChange!.id).toBe(first.pendingChange!.id);
    const second = await applyPipeline(token, slug, fileWith(slug, "    approvals: [{ role: ops, count: 1 }]"), "r2");
    expect(second.pendingChange!.id).not.toBe(first.pendingChange!.id);

    const listed = await listPipelineChanges(slug);
    expect(listed.map((c) => [c.revision, c.status])).toEqual([
      ["r2", "PENDING"],
      ["r1", "REPLACED"],
    ]);
    expect(listed[1]!.decisionNote).toBe("shiproom.yaml r2 was proposed after it");

    // A file that tightens applies, and the change still waiting is out of date: replaced too.
    await applyPipeline(token, slug, fileWith(slug, STRICT, "    approvals: [{ role: qa, count: 1 }]"), "r3");
    expect((await listPipelineChanges(slug)).map((c) => c.status)).toEqual(["REPLACED", "REPLACED"]);
    const actions = await db().auditEvent.findMany({ where: { projectId, action: { startsWith: "pipeline." } }, orderBy: { seq: "asc" } });
    expect(actions.map((e) => e.action)).toEqual([
      "pipeline.change_proposed",
      "pipeline.change_replaced",
      "pipeline.change_proposed",
      "pipeline.applied",
      "pipeline.change_replaced",
    ]);
  });

  test("an admin applies the change as planned against the live pipeline, not as it was when proposed", async () => {
    const { slug, projectId, token, admin } = await projectWithToken();
    const proposed = (await applyPipeline(token, slug, fileWith(slug, STRIPPED), "strip")).pendingChange!;
    const shown = await pipelineChangeDetail(slug, proposed.id);
    expect(shown.plan!.weakenings).toHaveLength(2);

    // Meanwhile an admin gives staging an approval rule in the app: the file would remove it again.
    const staging = (await listEnvironmentPolicies(slug)).find((p) => p.name === "staging")!;
    await updateEnvironmentPolicy(admin, slug, staging.id, policyInput(staging.version, { approvalRules: [{ role: "QA", minCount: 1 }] }));

    const stale = await approvePipelineChange(admin, slug, proposed.id, { planDigest: shown.plan!.planDigest }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(Conflict);
    expect((await listPipelineChanges(slug))[0]!.status).toBe("PENDING");

    const now = await pipelineChangeDetail(slug, proposed.id);
    expect(now.plan!.weakenings.map((w) => `${w.environment} ${w.gate}`)).toEqual([
      "staging approvals",
      "production approvals",
      "production signOff",
    ]);
    const applied = await approvePipelineChange(admin, slug, proposed.id, {
      planDigest: now.plan!.planDigest,
      comment: "Agreed in the retro",
    });
    expect(applied).toMatchObject({
      applied: true,
      revision: "strip",
      pendingChange: { status: "APPLIED", decisionNote: "Agreed in the retro" },
    });
    expect(applied.pendingChange!.decidedBy).toBe(actorNameOf(admin));
    const live = await livePipeline(slug);
    expect(live.environments.map((e) => e.approvalRules.length)).toEqual([0, 0, 0]);
    expect(live.managed).toMatchObject({ revision: "strip" });

    const events = await db().auditEvent.findMany({ where: { projectId, action: { startsWith: "pipeline." } }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.action, e.actorKind])).toEqual([
      ["pipeline.change_proposed", "TOKEN"],
      ["pipeline.change_approved", "MEMBER"],
      ["pipeline.applied", "MEMBER"],
    ]);
    expect(events[2]!.reason).toBe(`shiproom.yaml strip, proposed by ${token.label}, approved by ${actorNameOf(admin)}`);
    await expect(approvePipelineChange(admin, slug, proposed.id, {})).rejects.toBeInstanceOf(Conflict);
  });

  test("only admins decide, a rejection needs a reason and applies nothing, and a decided change stays decided", async () => {
    const { slug, token, admin } = await projectWithToken();
    const proposed = (await applyPipeline(token, slug, fileWith(slug, STRIPPED))).pendingChange!;
    const before = await livePipeline(slug);
    await expect(approvePipelineChange(await makeActor(["OPS", "QA", "DEVELOPER"]), slug, proposed.id, {})).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(approvePipelineChange(token, slug, proposed.id, {})).rejects.toBeInstanceOf(Forbidden);
    await expect(rejectPipelineChange(token, slug, proposed.id, { reason: "no" })).rejects.toBeInstanceOf(Forbidden);
    const noReason = await rejectPipelineChange(admin, slug, proposed.id, { reason: "  " }).catch((e: unknown) => e);
    expect((noReason as ValidationFailed).fieldErrors).toEqual([{ field: "reason", message: "Say why it is rejected" }]);

    const rejected = await rejectPipelineChange(admin, slug, proposed.id, { reason: "Production keeps its approvals" });
    expect(rejected).toMatchObject({ status: "REJECTED", decisionNote: "Production keeps its approvals" });
    expect(await livePipeline(slug)).toEqual(before);
    await expect(approvePipelineChange(admin, slug, proposed.id, {})).rejects.toBeInstanceOf(Conflict);
  });

  test("two admins approving at once apply the change once", async () => {
    const { slug, projectId, token, admin } = await projectWithToken();
    const proposed = (await applyPipeline(token, slug, fileWith(slug, STRIPPED))).pendingChange!;
    const other = await makeActor(["ADMIN"]);
    const outcomes = await Promise.allSettled([
      approvePipelineChange(admin, slug, proposed.id, {}),
      approvePipelineChange(other, slug, proposed.id, {}),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
    expect(await db().auditEvent.count({ where: { projectId, action: "pipeline.applied" } })).toBe(1);
  });

  test("a change is found only under its own project", async () => {
    const { slug, token } = await projectWithToken();
    const proposed = (await applyPipeline(token, slug, fileWith(slug, STRIPPED))).pendingChange!;
    const elsewhere = await projectWithToken();
    await expect(pipelineChangeDetail(elsewhere.slug, proposed.id)).rejects.toBeInstanceOf(NotFound);
    await expect(approvePipelineChange(elsewhere.admin, elsewhere.slug, proposed.id, {})).rejects.toBeInstanceOf(NotFound);
    await expect(pipelineChangeDetail(slug, "not-a-uuid")).rejects.toBeInstanceOf(NotFound);
  });
});

function actorNameOf(actor: Actor): string {
  return actor.label.replace(/\s*<[^>]*>$/, "");
}
