import { describe, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { updateMember } from "@/lib/members/mutations";
import { createRelease } from "@/lib/releases/mutations";
import { createCase } from "@/lib/test-cases/mutations";
import { createRun, recordResult, signOffRun } from "@/lib/test-runs/mutations";
import { getRun } from "@/lib/test-runs/queries";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import type { GateEvaluation } from "./gates";
import { approvePromotion, reportDeployment, requestPromotion } from "./mutations";
import { settleAfterSignOff } from "./workflow";
import { getPromotion } from "./queries";

setupTestDatabase();

/** Roles changed (or deactivated) by an admin, as in Members. */
async function change(admin: Actor, who: Actor, data: { roles?: Role[]; active?: boolean }) {
  const { version } = await db().member.findUniqueOrThrow({ where: { id: who.id! } });
  await updateMember(admin, who.id!, { ...data, version });
}

/** A release through dev and staging of a project whose production is gated as given; the promotion to production waits. */
async function waitingForProduction(production: Parameters<typeof makePipeline>[0]) {
  const pipeline = await makePipeline(production);
  const [dev, ops] = [await makeActor(["DEVELOPER"]), await makeActor(["OPS"])];
  const version = unique("v");
  await createRelease(dev, pipeline.slug, { version, commitSha: "abcdef1234" });
  const inDev = await db().deployment.findFirstOrThrow({ where: { environmentId: pipeline.envs.dev.id } });
  await reportDeployment(ops, inDev.id, { status: "succeeded" });
  await reportDeployment(ops, (await requestPromotion(dev, pipeline.slug, { release: version, environment: "staging" })).id, {
    status: "succeeded",
  });
  return {
    ...pipeline,
    dev,
    version,
    request: () => requestPromotion(dev, pipeline.slug, { release: version, environment: "production" }),
  };
}

const approvalsGate = (evaluation: GateEvaluation | null) => evaluation!.gates.find((g) => g.kind === "approvals")!;

describe("approvals and sign-offs count only while their author still may give them", () => {
  test("an approver moved out of Ops stops counting: the second Ops approval leaves it waiting, 1 of 2", async () => {
    const p = await waitingForProduction({ production: { approvalRules: [{ role: "OPS", minCount: 2 }] } });
    const [olive, oscar] = [await makeActor(["OPS"]), await makeActor(["OPS"])];
    const promotion = await p.request();
    await approvePromotion(olive, promotion.id, {});
    await change(p.admin, olive, { roles: ["DEVELOPER"] });

    const after = await getPromotion(promotion.id, p.dev);
    const gate = approvalsGate(after.gates);
    expect(gate.summary).toBe("0 of 2 from Ops");
    expect(gate.notes).toEqual([`${olive.label.replace(/ <.*$/, "")}'s approval no longer counts: no longer Ops`]);

    const decided = await approvePromotion(oscar, promotion.id, {});
    expect(decided.status).toBe("AWAITING_GATES");
    expect(approvalsGate(decided.gates).summary).toBe("1 of 2 from Ops");
  });

  test("a deactivated approver stops counting too", async () => {
    const p = await waitingForProduction({ production: { approvalRules: [{ role: "OPS", minCount: 2 }] } });
    const [olive, oscar] = [await makeActor(["OPS"]), await makeActor(["OPS"])];
    const promotion = await p.request();
    await approvePromotion(olive, promotion.id, {});
    await change(p.admin, olive, { active: false });
    const decided = await approvePromotion(oscar, promotion.id, {});
    expect(decided.status).toBe("AWAITING_GATES");
    expect(approvalsGate(decided.gates).notes).toEqual([expect.stringMatching(/'s approval no longer counts: deactivated$/)]);
  });

  test("an approval given with one role does not count for a role gained later", async () => {
    const p = await waitingForProduction({
      production: {
        approvalRules: [
          { role: "OPS", minCount: 1 },
          { role: "QA", minCount: 1 },
        ],
      },
    });
    const olive = await makeActor(["OPS"]);
    const promotion = await p.request();
    await approvePromotion(olive, promotion.id, {});
    await change(p.admin, olive, { roles: ["QA"] });
    expect(approvalsGate((await getPromotion(promotion.id, p.dev)).gates).summary).toBe("0 of 1 from QA · 0 of 1 from Ops");
  });

  test("a promotion already approved is not reopened, and keeps the approvals it was decided on", async () => {
    const p = await waitingForProduction({ production: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const olive = await makeActor(["OPS"]);
    const promotion = await p.request();
    expect((await approvePromotion(olive, promotion.id, {})).status).toBe("APPROVED");
    await change(p.admin, olive, { roles: ["DEVELOPER"] });
    const after = await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } });
    expect(after.status).toBe("APPROVED");
    expect(approvalsGate(after.gateEvaluation as GateEvaluation).summary).toBe("1 of 1 from Ops");
  });

  test("a sign-off by someone no longer in QA does not count, and says so; it counts again when they are", async () => {
    const p = await waitingForProduction({ production: { approvalRules: [], signOffIn: "staging" } });
    const quinn = await makeActor(["QA"]);
    await createCase(quinn, p.slug, { title: "Checkout works" });
    const run = await createRun(quinn, p.slug, { release: p.version, environment: "staging", all: true });
    for (const result of (await getRun(run.id)).results) await recordResult(quinn, run.id, result.id, { status: "PASSED" });
    await signOffRun(quinn, run.id, { decision: "SIGNED_OFF", comment: "All green" }, settleAfterSignOff);
    await change(p.admin, quinn, { roles: ["DEVELOPER"] });

    const promotion = await p.request();
    expect(promotion.status).toBe("AWAITING_GATES");
    const gate = promotion.gates!.gates.find((g) => g.kind === "sign-off")!;
    expect(gate.summary).toBe(`signed off by ${quinn.label.replace(/ <.*$/, "")}, no longer QA: does not count`);
    expect((await getRun(run.id)).signOff).toMatchObject({ decision: "SIGNED_OFF", notCounted: "no longer QA" });

    await change(p.admin, quinn, { roles: ["QA"] });
    expect((await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } })).status).toBe("APPROVED");
    expect((await getRun(run.id)).signOff?.notCounted).toBeNull();
  });
});
