import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { getNotificationPreferences } from "@/lib/email/preferences";
import { Forbidden, ValidationFailed } from "@/lib/http/errors";
import { listInbox } from "@/lib/inbox/queries";
import { listNotifications } from "@/lib/notifications/queries";
import { settleAfterSignOff } from "@/lib/promotions/workflow";
import { createRelease } from "@/lib/releases/mutations";
import { createCase, createSuite } from "@/lib/test-cases/mutations";
import { makeActor, makeMember, makePipeline, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { memberActor } from "@/lib/auth/actor";
import { assignResults, listMyQueue } from "./assignments";
import { createRun, recordResult, signOffRun } from "./mutations";
import { getRun } from "./queries";

setupTestDatabase();

/** A project with `n` cases (the first three in suite Checkout, whose sub-suite Cards holds the third; the even ones tagged smoke) and a run of all. */
async function runOf(n: number) {
  const pipeline = await makePipeline();
  const qa = await makeActor(["QA"]);
  const version = unique("v");
  await createRelease(await makeActor(["DEVELOPER"]), pipeline.slug, { version, commitSha: "abcdef1234" });
  const checkout = (await createSuite(qa, pipeline.slug, { name: "Checkout" })).find((s) => s.name === "Checkout")!;
  const cards = (await createSuite(qa, pipeline.slug, { name: "Cards", parentId: checkout.id })).find((s) => s.name === "Cards")!;
  for (let i = 1; i <= n; i++)
    await createCase(qa, pipeline.slug, {
      title: `Case ${i}`,
      suiteId: i <= 2 ? checkout.id : i === 3 ? cards.id : undefined,
      tags: i % 2 === 0 ? ["smoke"] : [],
    });
  const run = await createRun(qa, pipeline.slug, { release: version, environment: "staging", all: true });
  const results = (await getRun(run.id)).results;
  return { ...pipeline, qa, version, run, results, checkout };
}

const assigneesOf = async (runId: string) => (await getRun(runId)).results.map((r) => r.assignee?.name ?? null);
const assignedNotes = async (memberId: string) => (await listNotifications(memberId)).items.filter((n) => n.kind === "run.assigned");

describe("assigning a run's cases", () => {
  test("spread evenly between two testers: balanced, in blocks, the same every time; each tester told once", async () => {
    const { qa, run, projectId } = await runOf(7);
    const alex = await makeMember(["DEVELOPER"], { name: "Alex" });
    const bo = await makeMember(["QA"], { name: "Bo" });
    const outcome = await assignResults(qa, run.id, { all: true, spread: [alex.id, bo.id] });
    expect(outcome).toEqual({
      changed: 7,
      assigned: [
        { id: alex.id, name: "Alex", cases: 4 },
        { id: bo.id, name: "Bo", cases: 3 },
      ],
      unassigned: 0,
      taken: [],
    });
    expect(await assigneesOf(run.id)).toEqual(["Alex", "Alex", "Alex", "Alex", "Bo", "Bo", "Bo"]);
    const detail = await getRun(run.id);
    expect(detail.testers).toEqual([
      { id: alex.id, name: "Alex", assigned: 4, done: 0, passed: 0, failed: 0, blocked: 0, skipped: 0 },
      { id: bo.id, name: "Bo", assigned: 3, done: 0, passed: 0, failed: 0, blocked: 0, skipped: 0 },
    ]);

    // The same request again changes nothing, and tells no one again.
    expect(await assignResults(qa, run.id, { all: true, spread: [alex.id, bo.id] })).toEqual({
      changed: 0,
      assigned: [],
      unassigned: 0,
      taken: [],
    });
    const [note, ...more] = await assignedNotes(alex.id);
    expect(more).toEqual([]);
    expect(note!.title).toBe(
      `${qa.label.replace(/ <.*>$/, "")} assigned you 4 cases in run #${run.number} (${run.release.version} on staging)`,
    );
    expect(note!.link).toBe(`/projects/${run.project.slug}/runs/${run.id}/execute?assignee=mine`);
    expect(await assignedNotes(bo.id)).toHaveLength(1);

    const audit = await db().auditEvent.findMany({ where: { action: "run.assigned", projectId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({
      how: "spread",
      cases: 7,
      assigned: [
        { name: "Alex", cases: 4 },
        { name: "Bo", cases: 3 },
      ],
    });
  });

  test("a spread leaves assigned cases alone and evens the counts out; with reassign it starts over", async () => {
    const { qa, run, results } = await runOf(6);
    const alex = await makeMember(["DEVELOPER"], { name: "Alex" });
    const bo = await makeMember(["DEVELOPER"], { name: "Bo" });
    const cy = await makeMember(["DEVELOPER"], { name: "Cy" });
    await assignResults(qa, run.id, { results: [results[0]!.id, results[5]!.id], assignee: cy.id });
    await assignResults(qa, run.id, { all: true, spread: [alex.id, bo.id] });
    expect(await assigneesOf(run.id)).toEqual(["Cy", "Alex", "Alex", "Bo", "Bo", "Cy"]);
    // Bo still holds two: Alex catches up first.
    await assignResults(qa, run.id, { results: [results[1]!.id, results[2]!.id], assignee: null });
    const again = await assignResults(qa, run.id, { all: true, spread: [alex.id, bo.id] });
    expect(again.assigned).toEqual([{ id: alex.id, name: "Alex", cases: 2 }]);
    const fresh = await assignResults(qa, run.id, { all: true, spread: [bo.id, alex.id, cy.id], reassign: true });
    expect(fresh.changed).toBeGreaterThan(0);
    expect(await assigneesOf(run.id)).toEqual(["Bo", "Bo", "Alex", "Alex", "Cy", "Cy"]);
  });

  test("by suite (with its sub-suites) and by tag; unassigning; progress follows results", async () => {
    const { qa, run, checkout } = await runOf(5);
    const alex = await makeMember(["DEVELOPER"], { name: "Alex" });
    const bo = await makeMember(["OPS"], { name: "Bo" });
    await assignResults(qa, run.id, { suites: [checkout.id], assignee: alex.id });
    expect(await assigneesOf(run.id)).toEqual(["Alex", "Alex", "Alex", null, null]);
    // The one assigning learns whose cases were taken.
    expect((await assignResults(qa, run.id, { tags: ["smoke"], assignee: bo.id })).taken).toEqual([
      { id: alex.id, name: "Alex", cases: 1 },
    ]);
    expect(await assigneesOf(run.id)).toEqual(["Alex", "Bo", "Alex", "Bo", null]);
    const unassigned = await assignResults(qa, run.id, { tags: ["smoke"], assignee: null });
    expect(unassigned).toEqual({ changed: 2, assigned: [], unassigned: 2, taken: [{ id: bo.id, name: "Bo", cases: 2 }] });
    expect(await assigneesOf(run.id)).toEqual(["Alex", null, "Alex", null, null]);
    // Those who lost cases are told, once per assignment, with their own count: Alex lost case 2 to
    // Bo, then Bo lost both smoke cases.
    const taken = async (memberId: string) =>
      (await listNotifications(memberId)).items.filter((n) => n.kind === "run.unassigned").map((n) => n.title);
    const who = qa.label.replace(/ <.*>$/, "");
    const where = `run #${run.number} (${run.release.version} on staging)`;
    expect(await taken(alex.id)).toEqual([`${who} took 1 case in ${where} off you`]);
    expect(await taken(bo.id)).toEqual([`${who} took 2 cases in ${where} off you`]);

    const mine = (await getRun(run.id)).results.filter((r) => r.assignee?.id === alex.id);
    const alexActor = memberActor(alex);
    await recordResult(alexActor, run.id, mine[0]!.id, { status: "PASSED" });
    await recordResult(alexActor, run.id, mine[1]!.id, { status: "FAILED" });
    expect((await getRun(run.id)).testers).toEqual([
      { id: alex.id, name: "Alex", assigned: 2, done: 2, passed: 1, failed: 1, blocked: 0, skipped: 0 },
    ]);
  });

  test("only QA and admins assign; the assignee must be an active member; every problem names its field", async () => {
    const { qa, run, results, slug } = await runOf(2);
    const dev = await makeActor(["DEVELOPER"]);
    const admin = await makeActor(["ADMIN"]);
    await expect(assignResults(dev, run.id, { all: true, assignee: dev.id })).rejects.toBeInstanceOf(Forbidden);
    expect((await assignResults(admin, run.id, { all: true, assignee: dev.id })).changed).toBe(2);

    const gone = await makeMember(["DEVELOPER"]);
    await db().member.update({ where: { id: gone.id }, data: { deactivatedAt: new Date() } });
    const fieldOf = (raw: unknown) =>
      assignResults(qa, run.id, raw).then(
        () => null,
        (error: unknown) => (error instanceof ValidationFailed ? error.fieldErrors?.map((e) => e.field) : error),
      );
    expect(await fieldOf({ all: true, assignee: gone.id })).toEqual(["assignee"]);
    expect(await fieldOf({ all: true, assignee: randomUUID() })).toEqual(["assignee"]);
    expect(await fieldOf({ all: true, spread: [dev.id!, gone.id] })).toEqual(["spread"]);
    expect(await fieldOf({ all: true, spread: [] })).toEqual(["spread"]);
    expect(await fieldOf({ all: true })).toEqual(["assignee"]);
    expect(await fieldOf({ assignee: dev.id })).toEqual(["results"]);
    expect(await fieldOf({ results: [randomUUID()], assignee: dev.id })).toEqual(["results"]);
    expect(await fieldOf({ suites: [randomUUID()], assignee: dev.id })).toEqual(["suites"]);
    // A result of another run is not one of this run's.
    const other = await createRun(qa, slug, { release: run.release.version, environment: "staging", all: true });
    const foreign = (await getRun(other.id)).results[0]!.id;
    expect(await fieldOf({ results: [foreign], assignee: dev.id })).toEqual(["results"]);
    expect(await assigneesOf(run.id)).toEqual([dev.label.replace(/ <.*>$/, ""), dev.label.replace(/ <.*>$/, "")]);
    expect(results).toHaveLength(2);
  });

  test("assigning yourself notifies no one; the new kind is in everyone's preferences", async () => {
    const { qa, run } = await runOf(2);
    await assignResults(qa, run.id, { all: true, assignee: qa.id });
    expect(await assignedNotes(qa.id!)).toEqual([]);
    for (const roles of [["DEVELOPER"], ["QA"], ["OPS"], ["ADMIN"]] as const) {
      const member = await makeMember([...roles]);
      expect((await getNotificationPreferences(member.id)).kinds.map((k) => k.kind)).toContain("run.assigned");
    }
  });

  test("My queue: my untested cases in open runs, by run, in Waiting on me; a signed-off run leaves it", async () => {
    const { qa, run, results } = await runOf(3);
    const alex = await makeMember(["DEVELOPER"], { name: "Alex" });
    const alexActor = memberActor(alex);
    expect(await listMyQueue(alexActor)).toEqual([]);
    await assignResults(qa, run.id, { results: [results[1]!.id, results[2]!.id], assignee: alex.id });
    await recordResult(alexActor, run.id, results[1]!.id, { status: "PASSED" });
    const [item, ...others] = await listMyQueue(alexActor);
    expect(others).toEqual([]);
    expect(item).toMatchObject({ run: { id: run.id, number: run.number, environment: "staging" }, assigned: 2, untested: 1 });
    expect(item!.firstResultId).toBe(results[2]!.id);
    expect((await listInbox(alexActor)).filter((i) => i.kind === "queue")).toHaveLength(1);
    expect(await listMyQueue(qa)).toEqual([]);

    await recordResult(alexActor, run.id, results[2]!.id, { status: "FAILED" });
    expect(await listMyQueue(alexActor)).toEqual([]);
    await recordResult(alexActor, run.id, results[2]!.id, { status: "UNTESTED" });
    expect(await listMyQueue(alexActor)).toHaveLength(1);
    await signOffRun(
      qa,
      run.id,
      {
        decision: "SIGNED_OFF",
        comment: "Done",
        waivers: (await getRun(run.id)).results.filter((r) => r.status !== "PASSED").map((r) => ({ resultId: r.id, reason: "Later" })),
      },
      settleAfterSignOff,
    );
    expect(await listMyQueue(alexActor)).toEqual([]);
  });
});
