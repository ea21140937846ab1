import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { createRelease } from "@/lib/releases/mutations";
import { createCase } from "@/lib/test-cases/mutations";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { settleAfterSignOff } from "@/lib/promotions/workflow";
import { createRun, linkDefect, recordResult, removeDefectLink, signOffRun } from "./mutations";
import { getRun } from "./queries";

setupTestDatabase();

const JIRA = "https://acme.atlassian.net/browse/PROJ-42";

/** A project with two manual cases and a run of both on staging, the first failed by QA. */
async function failedRun() {
  const pipeline = await makePipeline();
  const dev = await makeActor(["DEVELOPER"]);
  const qa = await makeActor(["QA"]);
  const version = unique("v");
  await createRelease(dev, pipeline.slug, { version, commitSha: "abcdef1234" });
  const broken = await createCase(qa, pipeline.slug, { title: "Checkout takes a card" });
  const fine = await createCase(qa, pipeline.slug, { title: "Cart keeps items" });
  const run = await createRun(qa, pipeline.slug, { release: version, environment: "staging", all: true });
  const results = (await getRun(run.id)).results;
  const failed = results.find((r) => r.caseId === broken.id)!;
  const passed = results.find((r) => r.caseId === fine.id)!;
  await recordResult(qa, run.id, failed.id, { status: "FAILED", note: "Card declined" });
  await recordResult(qa, run.id, passed.id, { status: "PASSED" });
  return { ...pipeline, dev, qa, version, run, failed, passed, broken };
}

async function nextRun(actor: Actor, slug: string, version: string) {
  const run = await createRun(actor, slug, { release: version, environment: "staging", all: true });
  return getRun(run.id);
}

const auditOf = (action: string) => db().auditEvent.findMany({ where: { action }, orderBy: { seq: "asc" } });

describe("defect links", () => {
  test("a failed result links a Jira issue, shown as its key on the result and as a known issue in the next run", async () => {
    const { slug, qa, dev, version, run, failed, passed } = await failedRun();
    const { link, created } = await linkDefect(dev, run.id, failed.id, { url: `  ${JIRA}  ` });
    expect(created).toBe(true);
    expect(link).toMatchObject({ url: JIRA, label: "PROJ-42", kind: "jira", linkedById: dev.id, run: { id: run.id }, resultId: failed.id });

    const same = await getRun(run.id);
    expect(same.results.find((r) => r.id === failed.id)!.knownIssues).toEqual([link]);
    expect(same.results.find((r) => r.id === passed.id)!.knownIssues).toEqual([]);

    const later = await nextRun(qa, slug, version);
    const carried = later.results.find((r) => r.caseId === failed.caseId)!;
    expect(carried.knownIssues).toEqual([link]);
    expect(carried.knownIssues[0]!.run.number).toBe(run.number);
    expect(later.results.find((r) => r.caseId === passed.caseId)!.knownIssues).toEqual([]);
  });

  test("the same issue linked again, however its URL is written, is the one link, recorded once", async () => {
    const { qa, dev, run, failed } = await failedRun();
    const first = await linkDefect(dev, run.id, failed.id, { url: JIRA });
    const again = await linkDefect(qa, run.id, failed.id, {
      url: "https://ACME.atlassian.net/jira/software/projects/PROJ/boards/1?selectedIssue=proj-42",
    });
    expect(again).toEqual({ link: first.link, created: false });
    expect(await db().defectLink.count({ where: { caseId: failed.caseId } })).toBe(1);
    const audit = (await auditOf("result.defect_linked")).filter((e) => e.objectId === run.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorMemberId: dev.id, objectType: "test_run" });
    expect(audit[0]!.after).toMatchObject({ case: failed.caseKey, label: "PROJ-42", kind: "jira", url: JIRA, run: run.number });
  });

  test("links added at the same time never double", async () => {
    const { slug, version, qa, dev, run, failed } = await failedRun();
    // From two runs at once (each run's lock lets one change through at a time; two runs race on the case).
    const second = await nextRun(qa, slug, version);
    const again = second.results.find((r) => r.caseId === failed.caseId)!;
    await recordResult(qa, second.id, again.id, { status: "FAILED" });
    const url = "https://github.com/acme/shop/issues/7";
    const outcomes = await Promise.all([
      linkDefect(dev, run.id, failed.id, { url }),
      linkDefect(qa, second.id, again.id, { url: `${url}/` }),
      linkDefect(dev, run.id, failed.id, { url: `${url}#issuecomment-1` }),
      linkDefect(dev, second.id, again.id, { url: "https://GitHub.com/ACME/Shop/issues/7" }),
    ]);
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.link.id)).size).toBe(1);
    expect(await db().defectLink.count({ where: { caseId: failed.caseId } })).toBe(1);
    // Several issues on one result are several links.
    await linkDefect(dev, run.id, failed.id, { url: "https://gitlab.com/acme/shop/-/merge_requests/3" });
    // (In the later run: the race's winner may have been either run, and either way of writing the
    // URL — the label keeps the winner's "ACME/Shop", GitHub's names being the same in any case.)
    expect((await getRun(second.id)).results.find((r) => r.id === again.id)!.knownIssues.map((i) => i.label.toLowerCase())).toEqual([
      "acme/shop#7",
      "acme/shop!3",
    ]);
  });

  test("only a failed or blocked result takes a new link, and only an http(s) address: 422 naming the url", async () => {
    const { dev, run, failed, passed } = await failedRun();
    const refused = async (resultId: string, url: string) => {
      const error = await linkDefect(dev, run.id, resultId, { url }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationFailed);
      return (error as ValidationFailed).fieldErrors;
    };
    expect(await refused(passed.id, JIRA)).toEqual([{ field: "url", message: expect.stringContaining("is passed") }]);
    expect(await refused(failed.id, "javascript:alert(1)")).toEqual([{ field: "url", message: expect.stringContaining("http") }]);
    expect(await refused(failed.id, "data:text/html,hi")).toEqual([{ field: "url", message: expect.stringContaining("http") }]);
    expect(await refused(failed.id, "")).toEqual([{ field: "url", message: expect.any(String) }]);
    // Blocked takes one too.
    await recordResult(dev, run.id, passed.id, { status: "BLOCKED" });
    expect((await linkDefect(dev, run.id, passed.id, { url: JIRA })).created).toBe(true);
    expect(await db().defectLink.count()).toBeGreaterThan(0);
    expect((await auditOf("result.defect_linked")).filter((e) => e.objectId === run.id)).toHaveLength(1);
    // A token links nothing; a result of another run is not found.
    const token: Actor = { kind: "TOKEN", id: randomUUID(), label: "ci", roles: [], scopes: ["results:write"] };
    await expect(linkDefect(token, run.id, failed.id, { url: JIRA })).rejects.toBeInstanceOf(Forbidden);
    const other = await failedRun();
    await expect(linkDefect(dev, other.run.id, failed.id, { url: JIRA })).rejects.toBeInstanceOf(NotFound);
  });

  test("removed by whoever linked it, QA or an admin (not another developer): later runs no longer show it, and it is audited", async () => {
    const { slug, qa, dev, version, run, failed } = await failedRun();
    const { link } = await linkDefect(dev, run.id, failed.id, { url: JIRA });
    const later = await nextRun(qa, slug, version);
    const carried = later.results.find((r) => r.caseId === failed.caseId)!;
    expect(carried.knownIssues.map((i) => i.label)).toEqual(["PROJ-42"]);

    const otherDev = await makeActor(["DEVELOPER"]);
    await expect(removeDefectLink(otherDev, later.id, carried.id, link.id)).rejects.toBeInstanceOf(Forbidden);
    // Named through a result of another case, the link is not there.
    const elsewhere = later.results.find((r) => r.caseId !== failed.caseId)!;
    await expect(removeDefectLink(qa, later.id, elsewhere.id, link.id)).rejects.toBeInstanceOf(NotFound);

    // QA removes it from the later run, where it shows as a known issue.
    expect(await removeDefectLink(qa, later.id, carried.id, link.id)).toEqual(link);
    expect((await getRun(later.id)).results.find((r) => r.id === carried.id)!.knownIssues).toEqual([]);
    expect((await getRun(run.id)).results.find((r) => r.id === failed.id)!.knownIssues).toEqual([]);
    expect((await nextRun(qa, slug, version)).results.find((r) => r.caseId === failed.caseId)!.knownIssues).toEqual([]);
    await expect(removeDefectLink(qa, later.id, carried.id, link.id)).rejects.toBeInstanceOf(NotFound);

    const [removed] = (await auditOf("result.defect_removed")).filter((e) => e.objectId === later.id);
    expect(removed).toMatchObject({ actorMemberId: qa.id });
    expect(removed!.after).toMatchObject({ label: "PROJ-42", url: JIRA, case: failed.caseKey, run: later.number });
    expect(removed!.before).toMatchObject({ linkedInRun: run.number });

    // Whoever linked it removes their own; so does an admin.
    const mine = await linkDefect(dev, run.id, failed.id, { url: "https://github.com/acme/shop/issues/8" });
    await removeDefectLink(dev, run.id, failed.id, mine.link.id);
    const theirs = await linkDefect(dev, run.id, failed.id, { url: "https://github.com/acme/shop/issues/9" });
    await removeDefectLink(await makeActor(["ADMIN"]), run.id, failed.id, theirs.link.id);
    expect(await db().defectLink.count({ where: { caseId: failed.caseId } })).toBe(0);
  });

  test("a run made before the link does not show it; a run of another project never does", async () => {
    const { slug, qa, dev, version, run, failed } = await failedRun();
    const earlier = await nextRun(qa, slug, version);
    // The newer run's failed result links it: the older run (#1) does not show it, the newer does.
    const newer = earlier.results.find((r) => r.caseId === failed.caseId)!;
    await recordResult(qa, earlier.id, newer.id, { status: "FAILED" });
    await linkDefect(dev, earlier.id, newer.id, { url: JIRA });
    expect((await getRun(run.id)).results.find((r) => r.id === failed.id)!.knownIssues).toEqual([]);
    expect((await getRun(earlier.id)).results.find((r) => r.id === newer.id)!.knownIssues.map((i) => i.label)).toEqual(["PROJ-42"]);
    const other = await failedRun();
    expect((await nextRun(other.qa, other.slug, other.version)).results.every((r) => r.knownIssues.length === 0)).toBe(true);
  });

  test("QA's decision keeps the known issues it was made with", async () => {
    const { slug, qa, dev, version, run, failed } = await failedRun();
    await linkDefect(dev, run.id, failed.id, { url: JIRA });
    const later = await nextRun(qa, slug, version);
    for (const result of later.results) await recordResult(qa, later.id, result.id, { status: "PASSED" });
    await signOffRun(qa, later.id, { decision: "SIGNED_OFF", comment: "PROJ-42 is fixed" }, settleAfterSignOff);
    const [signed] = (await auditOf("run.signed_off")).filter((e) => e.objectId === later.id);
    expect((signed!.after as { knownIssues: unknown[] }).knownIssues).toEqual([{ case: failed.caseKey, label: "PROJ-42", url: JIRA }]);
  });
});
