import { describe, expect, test } from "vitest";
import { actorName } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { Forbidden, ValidationFailed } from "@/lib/http/errors";
import { settleAfterSignOff } from "@/lib/promotions/workflow";
import { createRelease } from "@/lib/releases/mutations";
import { createCase, updateCase } from "@/lib/test-cases/mutations";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { createRun, recordResult, recordStepResult, signOffRun } from "./mutations";
import { getResultDetail, getRun } from "./queries";

setupTestDatabase();

const STEPS = [
  { action: "Open the cart", expected: "Two items" },
  { action: "Pay by card", expected: "Paid" },
  { action: "Open the receipt", expected: "It lists both items" },
];

/** A project with a three-step case and a run of it on staging. */
async function stepRun() {
  const pipeline = await makePipeline();
  const dev = await makeActor(["DEVELOPER"]);
  const qa = await makeActor(["QA"]);
  const version = unique("v");
  await createRelease(dev, pipeline.slug, { version, commitSha: "abcdef1234" });
  const checkout = await createCase(qa, pipeline.slug, { title: "Checkout by card", steps: STEPS });
  const run = await createRun(qa, pipeline.slug, { release: version, environment: "staging", all: true });
  const result = (await getRun(run.id)).results.find((r) => r.caseId === checkout.id)!;
  return { ...pipeline, dev, qa, version, run, result, checkout };
}

const statusOf = async (runId: string, resultId: string) => (await getRun(runId)).results.find((r) => r.id === resultId)!.status;

describe("step results", () => {
  test("a failed step with its actual result fails the case; the run and the result show the steps", async () => {
    const { qa, run, result } = await stepRun();
    await recordStepResult(qa, run.id, result.id, "1", { status: "PASSED" });
    expect(await statusOf(run.id, result.id)).toBe("UNTESTED");
    const detail = await recordStepResult(qa, run.id, result.id, "2", { status: "FAILED", actual: "  Card declined  " });
    expect(detail.status).toBe("FAILED");
    expect(detail.steps).toMatchObject([
      { position: 1, status: "PASSED", actual: null, by: actorName(qa.label) },
      { position: 2, status: "FAILED", actual: "Card declined", by: actorName(qa.label) },
    ]);
    // The history: each step's change, then the result it gave the case, which names the step.
    expect(detail.history.map((event) => [event.step, event.stepChange, event.status, event.note, event.fromStep])).toEqual([
      [1, "status", "PASSED", null, null],
      [2, "status", "FAILED", "Card declined", null],
      [null, null, "FAILED", null, 2],
    ]);
    const inRun = (await getRun(run.id)).results.find((r) => r.id === result.id)!;
    expect(inRun).toMatchObject({ status: "FAILED", source: "MANUAL", by: actorName(qa.label) });
    expect(inRun.steps.map((s) => [s.position, s.status])).toEqual([
      [1, "PASSED"],
      [2, "FAILED"],
    ]);
    const audit = await db().auditEvent.findMany({ where: { action: "result.step_recorded", objectId: run.id }, orderBy: { seq: "asc" } });
    expect(audit.map((event) => event.after)).toMatchObject([
      { step: 1, status: "PASSED", result: "UNTESTED" },
      { step: 2, status: "FAILED", actual: "Card declined", result: "FAILED" },
    ]);
    // Writing a step's actual result alone is a change of the actual result, not of its status.
    const written = await recordStepResult(qa, run.id, result.id, "1", { actual: "Form filled in" });
    expect(written.history.at(-1)).toMatchObject({ step: 1, stepChange: "actual", status: "PASSED", note: "Form filled in" });
    const onUntested = await recordStepResult(qa, run.id, result.id, "3", { actual: "Not reached yet" });
    expect(onUntested.history.at(-1)).toMatchObject({ step: 3, stepChange: "actual", status: "UNTESTED" });
    // A result recorded by hand names no step.
    const byHand = await recordResult(qa, run.id, result.id, { status: "PASSED", note: "fine" }).then(() =>
      getResultDetail(run.id, result.id),
    );
    expect(byHand.history.at(-1)).toMatchObject({ step: null, fromStep: null, status: "PASSED" });
  });

  test("the case follows its steps: failed over blocked, blocked over passed, passed only when every step passed", async () => {
    const { qa, run, result } = await stepRun();
    await recordStepResult(qa, run.id, result.id, "1", { status: "BLOCKED", actual: "No card reader" });
    expect(await statusOf(run.id, result.id)).toBe("BLOCKED");
    await recordStepResult(qa, run.id, result.id, "2", { status: "FAILED" });
    expect(await statusOf(run.id, result.id)).toBe("FAILED");
    await recordStepResult(qa, run.id, result.id, "2", { status: "PASSED" });
    expect(await statusOf(run.id, result.id)).toBe("BLOCKED");
    await recordStepResult(qa, run.id, result.id, "1", { status: "PASSED" });
    // Step 3 untested, none failed or blocked: the result stays as it was.
    expect(await statusOf(run.id, result.id)).toBe("BLOCKED");
    await recordStepResult(qa, run.id, result.id, "3", { status: "PASSED" });
    expect(await statusOf(run.id, result.id)).toBe("PASSED");
    // A mark without `actual` keeps the one written; an empty one removes it.
    await recordStepResult(qa, run.id, result.id, "1", { status: "FAILED" });
    expect((await getResultDetail(run.id, result.id)).steps[0]).toMatchObject({ status: "FAILED", actual: "No card reader" });
    await recordStepResult(qa, run.id, result.id, "1", { status: "FAILED", actual: "" });
    expect((await getResultDetail(run.id, result.id)).steps[0]).toMatchObject({ status: "FAILED", actual: null });
  });

  test("a result recorded by hand wins until a step changes again", async () => {
    const { qa, dev, run, result } = await stepRun();
    await recordStepResult(qa, run.id, result.id, "2", { status: "FAILED", actual: "Card declined" });
    await recordResult(qa, run.id, result.id, { status: "PASSED", note: "The card was expired: fine with a valid one" });
    expect(await statusOf(run.id, result.id)).toBe("PASSED");
    // Writing the actual result of a step changes no status: the hand-set result stands.
    await recordStepResult(dev, run.id, result.id, "2", { actual: "Declined: the card was expired" });
    expect(await statusOf(run.id, result.id)).toBe("PASSED");
    expect((await getResultDetail(run.id, result.id)).steps[0]).toMatchObject({
      status: "FAILED",
      actual: "Declined: the card was expired",
    });
    await recordStepResult(dev, run.id, result.id, "1", { status: "PASSED" });
    const detail = await getResultDetail(run.id, result.id);
    expect(detail.status).toBe("FAILED");
    // The note recorded by hand stays the result's.
    expect((await getRun(run.id)).results.find((r) => r.id === result.id)!.note).toBe("The card was expired: fine with a valid one");
  });

  test("a step change on a signed-off run voids the sign-off, through the same path as a result's", async () => {
    const { qa, dev, run, result } = await stepRun();
    for (const position of ["1", "2", "3"]) await recordStepResult(qa, run.id, result.id, position, { status: "PASSED" });
    expect(await statusOf(run.id, result.id)).toBe("PASSED");
    await signOffRun(qa, run.id, { decision: "SIGNED_OFF", comment: "All good" }, settleAfterSignOff);
    // The same status again changes nothing, and voids nothing.
    await recordStepResult(dev, run.id, result.id, "3", { status: "PASSED" });
    expect((await getRun(run.id)).signOff).toMatchObject({ decision: "SIGNED_OFF", voided: null });

    await recordStepResult(dev, run.id, result.id, "3", { status: "FAILED", actual: "The receipt lists one item" });
    const after = await getRun(run.id);
    const key = result.caseKey;
    expect(after.results[0]!.status).toBe("FAILED");
    expect(after.signOff!.voided!.reason).toBe(
      `${key} step 3 changed from passed to failed by ${actorName(dev.label)}, so the case is failed`,
    );
    expect(await db().auditEvent.count({ where: { action: "signoff.voided", objectId: run.id } })).toBe(1);
    const notified = await db().notification.findMany({ where: { memberId: qa.id!, kind: "signoff.voided" } });
    expect(notified).toHaveLength(1);
  });

  test("concurrent marks of one result's steps are all kept", async () => {
    const { qa, dev, run, result } = await stepRun();
    await Promise.all([
      recordStepResult(qa, run.id, result.id, "1", { status: "PASSED", actual: "Two items" }),
      recordStepResult(dev, run.id, result.id, "2", { status: "PASSED" }),
      recordStepResult(qa, run.id, result.id, "3", { status: "PASSED" }),
    ]);
    const detail = await getResultDetail(run.id, result.id);
    expect(detail.steps.map((s) => [s.position, s.status])).toEqual([
      [1, "PASSED"],
      [2, "PASSED"],
      [3, "PASSED"],
    ]);
    // Whichever came last saw the other two: the case passed.
    expect(detail.status).toBe("PASSED");
    expect(detail.history.filter((event) => event.step !== null)).toHaveLength(3);
  });

  test("steps are those of the revision the run pinned; other positions and bad input are refused naming the field", async () => {
    const { slug, qa, run, result, checkout } = await stepRun();
    await updateCase(qa, slug, checkout.key, { title: "Checkout by card", steps: [STEPS[0]!], revision: 1 });
    // The case has one step now; the run tests revision 1, with three.
    await recordStepResult(qa, run.id, result.id, "3", { status: "PASSED" });
    const problems = async (position: string, body: unknown) => {
      const error = await recordStepResult(qa, run.id, result.id, position, body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationFailed);
      return (error as ValidationFailed).fieldErrors.map((e) => e.field);
    };
    expect(await problems("4", { status: "PASSED" })).toEqual(["position"]);
    expect(await problems("0", { status: "PASSED" })).toEqual(["position"]);
    expect(await problems("two", { status: "PASSED" })).toEqual(["position"]);
    expect(await problems("1", { status: "SKIPPED" })).toEqual(["status"]);
    expect(await problems("1", {})).toEqual(["status"]);
    expect(await problems("1", { status: "PASSED", actual: "x".repeat(5001) })).toEqual(["actual"]);
    const token = { ...qa, kind: "TOKEN" as const };
    await expect(recordStepResult(token, run.id, result.id, "1", { status: "PASSED" })).rejects.toBeInstanceOf(Forbidden);
    expect((await getResultDetail(run.id, result.id)).steps.map((s) => s.position)).toEqual([3]);
  });
});
