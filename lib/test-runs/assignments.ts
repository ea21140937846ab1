// Assignment: a run's cases split between testers (QA's planning), each tester's queue of cases
// still to execute ("My queue" in Waiting on me), and the notification telling them.
import "server-only";
import { actorName, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { LONG_CHANGE, transaction } from "@/lib/db/transaction";
import { Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { isUuid, parseInput } from "@/lib/http/validation";
import { notifyMembers } from "@/lib/notifications/send";
import { assignResultsSchema, type AssignmentOutcome, type QueueItemDto } from "./assignment-schemas";
import { lockRun, notifyRun } from "./mutations";
import { canAssignResults } from "./policy";
import { spreadEvenly } from "./spread";
import { withSubSuites } from "./suites";
import { plural } from "../format/plural";

/**
 * Assigns the chosen cases of a run to one tester, takes them back (`assignee: null`), or spreads
 * them evenly between testers (./spread.ts). Testers are active members (anyone on the team
 * executes); only results whose assignee changes count. One audit event per request; one
 * notification per tester given cases, and one per tester who had cases taken off them (never the
 * one assigning).
 */
export async function assignResults(actor: Actor, runId: string, raw: unknown): Promise<AssignmentOutcome> {
  if (!canAssignResults(actor)) throw new Forbidden("Only QA and admins assign a run's cases.");
  const input = parseInput(assignResultsSchema, raw);
  if (!isUuid(runId)) throw new NotFound("Test run");
  const field = input.spread ? "spread" : "assignee";
  const testerIds = input.spread ? [...new Set(input.spread)] : input.assignee ? [input.assignee] : [];
  const reassign = input.reassign ?? !input.spread;

  return transaction(async (tx) => {
    const run = await lockRun(tx, runId).catch(() => {
      throw new NotFound("Test run");
    });
    const testers = await tx.member.findMany({ where: { id: { in: testerIds }, deactivatedAt: null }, select: { id: true, name: true } });
    const missing = testerIds.filter((id) => !testers.some((t) => t.id === id));
    if (missing.length > 0)
      throw new ValidationFailed([
        {
          field,
          message:
            missing.length === testerIds.length && testerIds.length === 1
              ? "Not an active member of the team: choose someone who can execute the run"
              : `${plural(missing.length, "tester")} chosen ${missing.length === 1 ? "is" : "are"} not an active member of the team`,
        },
      ]);

    const suites = input.suites.length
      ? await tx.testSuite.findMany({ where: { projectId: run.projectId }, select: { id: true, parentId: true, name: true } })
      : [];
    if (input.suites.some((id) => !suites.some((s) => s.id === id)))
      throw new ValidationFailed([{ field: "suites", message: "Some of these suites are not in this project" }]);
    const chosenSuites = withSubSuites(suites, input.suites);

    const selected = await tx.testResult.findMany({
      where: {
        runId,
        ...(input.all
          ? {}
          : {
              OR: [
                ...(input.results.length ? [{ id: { in: input.results } }] : []),
                ...(chosenSuites.size ? [{ testCase: { suiteId: { in: [...chosenSuites] } } }] : []),
                ...(input.tags.length ? [{ testCase: { tags: { hasSome: input.tags } } }] : []),
              ],
            }),
      },
      select: { id: true, assigneeId: true, assignee: { select: { name: true } } },
      orderBy: { testCase: { number: "asc" } },
    });
    const before = new Map(selected.map((r) => [r.id, r]));
    const strays = input.results.filter((id) => !before.has(id));
    if (strays.length > 0)
      throw new ValidationFailed([
        { field: "results", message: `${plural(strays.length, "result")} chosen ${strays.length === 1 ? "is" : "are"} not in this run` },
      ]);

    // Who gets what: result id → new assignee (null: unassigned).
    const plan = new Map<string, string | null>();
    if (input.spread) {
      const open = selected.filter((r) => reassign || r.assigneeId === null);
      const load = new Map<string, number>();
      if (!reassign) for (const r of selected) if (r.assigneeId) load.set(r.assigneeId, (load.get(r.assigneeId) ?? 0) + 1);
      for (const [tester, share] of spreadEvenly(open, testerIds, load)) for (const r of share) plan.set(r.id, tester);
    } else {
      for (const r of selected) if (reassign || r.assigneeId === null) plan.set(r.id, input.assignee ?? null);
    }
    const changes = [...plan].filter(([id, to]) => before.get(id)!.assigneeId !== to);

    const given = new Map<string | null, string[]>();
    for (const [id, to] of changes) given.set(to, [...(given.get(to) ?? []), id]);
    for (const [to, ids] of given) await tx.testResult.updateMany({ where: { id: { in: ids } }, data: { assigneeId: to } });

    const assigned = testers
      .map((t) => ({ id: t.id, name: t.name, cases: given.get(t.id)?.length ?? 0 }))
      .filter((t) => t.cases > 0)
      .sort((a, b) => testerIds.indexOf(a.id) - testerIds.indexOf(b.id));
    // Whoever had cases taken off them (reassigned or unassigned): they hear it, and so does the one assigning.
    const takenFrom = new Map<string, { id: string; name: string; cases: number }>();
    for (const [id] of changes) {
      const from = before.get(id)!;
      if (!from.assigneeId) continue;
      const loser = takenFrom.get(from.assigneeId) ?? { id: from.assigneeId, name: from.assignee!.name, cases: 0 };
      takenFrom.set(from.assigneeId, { ...loser, cases: loser.cases + 1 });
    }
    const taken = [...takenFrom.values()].sort((a, b) => a.name.localeCompare(b.name));
    const outcome: AssignmentOutcome = { changed: changes.length, assigned, unassigned: given.get(null)?.length ?? 0, taken };
    if (changes.length === 0) return outcome;

    await recordAudit(tx, actor, {
      action: "run.assigned",
      objectType: "test_run",
      objectId: run.id,
      projectId: run.projectId,
      after: {
        run: run.number,
        releaseId: run.releaseId,
        how: input.spread ? "spread" : input.assignee ? "assign" : "unassign",
        cases: changes.length,
        assigned,
        unassigned: outcome.unassigned,
        taken,
        selection: {
          all: input.all,
          results: input.results.length,
          suites: suites.filter((s) => input.suites.includes(s.id)).map((s) => s.name),
          tags: input.tags,
        },
      },
    });
    const where = `run #${run.number} (${run.release.version} on ${run.environment.name})`;
    for (const tester of assigned) {
      await notifyMembers(tx, actor, [tester.id], {
        kind: "run.assigned",
        title: `${actorName(actor.label)} assigned you ${plural(tester.cases, "case")} in ${where}`,
        link: `/projects/${run.project.slug}/runs/${run.id}/execute?assignee=mine`,
        project: run.project,
      });
    }
    // Their queue shrank.
    for (const { id, cases } of taken) {
      await notifyMembers(tx, actor, [id], {
        kind: "run.unassigned",
        title: `${actorName(actor.label)} took ${plural(cases, "case")} in ${where} off you`,
        link: `/projects/${run.project.slug}/runs/${run.id}`,
        project: run.project,
      });
    }
    // Queues in Waiting on me changed.
    await notifyRun(tx, run, true);
    return outcome;
  }, LONG_CHANGE);
}

/**
 * "My queue": the runs holding cases assigned to the viewer that are still untested, newest run
 * first. Open runs only: not closed, not signed off (a valid sign-off settled what was left), in a
 * project not archived.
 */
export async function listMyQueue(viewer: Actor): Promise<QueueItemDto[]> {
  if (viewer.kind !== "MEMBER" || !viewer.id) return [];
  const rows = await db().$queryRaw<
    {
      runId: string;
      number: number;
      name: string;
      release: string;
      environment: string;
      slug: string;
      project: string;
      assigned: number;
      untested: number;
      firstResultId: string;
    }[]
  >`
    select t.id as "runId", t.number, t.name, rel.version as release, e.name as environment, p.slug, p.name as project,
           count(*)::int as assigned, count(*) filter (where r.status = 'UNTESTED')::int as untested,
           ((array_agg(r.id order by c.number) filter (where r.status = 'UNTESTED'))[1])::text as "firstResultId"
    from "TestResult" r
    join "TestRun" t on t.id = r."runId"
    join "TestCase" c on c.id = r."caseId"
    join "Project" p on p.id = t."projectId"
    join "Release" rel on rel.id = t."releaseId"
    join "Environment" e on e.id = t."environmentId"
    where r."assigneeId" = ${viewer.id}::uuid and t."closedAt" is null and p."archivedAt" is null
      and not exists (select 1 from "SignOff" s where s."runId" = t.id and s."voidedAt" is null and s.decision = 'SIGNED_OFF')
    group by t.id, rel.version, e.name, p.slug, p.name
    having count(*) filter (where r.status = 'UNTESTED') > 0
    order by t."createdAt" desc, t.id desc
    limit 100`;
  return rows.map((row) => ({
    project: { slug: row.slug, name: row.project },
    run: { id: row.runId, number: row.number, name: row.name, release: row.release, environment: row.environment },
    assigned: row.assigned,
    untested: row.untested,
    firstResultId: row.firstResultId,
  }));
}
