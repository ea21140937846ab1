// Loads what gate evaluation needs for promotions, in a few queries whatever their number.
// Mutations call it inside their transaction (under the environment's lock); the board and
// inbox call it outside. One loader, so what is shown is what is enforced.
import type { Db, Tx } from "@/lib/db/client";
import { readRows } from "@/lib/db/sql";
import { Prisma, type FreezeWindow } from "@/lib/generated/prisma/client";
import { NotFound } from "@/lib/http/errors";
import { roleLabels } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";
import type { FreezeWindowSpec } from "./freeze";
import type { GateContext, SignOffContext } from "./gates";
import { NEWEST_RUN_FIRST, NEWEST_SIGN_OFF_FIRST } from "@/lib/test-runs/order";
import { signOffStanding } from "@/lib/test-runs/policy";

export type Client = Db | Tx;

/** An environment with what its gates need: its approval rules and freeze windows, in order. */
const environmentPolicyInclude = {
  approvalRules: { orderBy: { role: "asc" } },
  freezeWindows: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
} satisfies Prisma.EnvironmentInclude;

/** A live project by slug with its environments, in order, and their policies; NotFound if none. */
export async function projectWithPolicies(client: Client, slug: string) {
  const project = await client.project.findFirst({
    where: { slug, archivedAt: null },
    include: { environments: { orderBy: { position: "asc" }, include: environmentPolicyInclude } },
  });
  if (!project) throw new NotFound("Project");
  return project;
}

export const promotionInclude = {
  project: { select: { slug: true, name: true } },
  release: {
    select: { id: true, version: true, commitSha: true, artifactRef: true, createdById: true, createdAt: true, abandonedAt: true },
  },
  environment: { include: environmentPolicyInclude },
  approvals: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { member: { select: { name: true, email: true, roles: true, deactivatedAt: true } } },
  },
  requestedBy: { select: { id: true, name: true } },
  requestedByToken: { select: { id: true, name: true } },
  freezeOverrideBy: { select: { name: true } },
} satisfies Prisma.DeploymentInclude;

export type PromotionRow = Prisma.DeploymentGetPayload<{ include: typeof promotionInclude }>;

// Dates inside the JSON of a row's relations arrive as ISO strings: these keys become Dates again.
const DATE_KEYS = new Set(["createdAt", "updatedAt", "abandonedAt", "startsAt", "endsAt", "deactivatedAt"]);

function reviveDates<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reviveDates) as T;
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(object)) {
    if (typeof field === "string" && DATE_KEYS.has(key)) object[key] = new Date(field);
    else if (field !== null && typeof field === "object" && key !== "deployConfig") object[key] = reviveDates(field);
  }
  return value;
}

/**
 * Promotions with what promotionInclude names, unordered, in one SQL statement: the same rows as
 * `deployment.findMany({ where, include: promotionInclude })` (context.db.test.ts compares the two
 * on both engines). Every registration, change and poll of a promotion reads it, and measured side
 * by side in the built app (npm run bench -- --against), Prisma 7's include — plan cached — still
 * cost 10–15 % more server CPU per registration than this statement on the driver (issue 13).
 * `where` is SQL over `d` (the Deployment) and `e` (its Environment).
 */
export async function loadPromotionRows(client: Client, where: Prisma.Sql): Promise<PromotionRow[]> {
  // One table joined, the rest as subqueries: a join of seven tables cost PostgreSQL more to plan
  // than to run.
  const rows = await readRows<PromotionRow>(
    Prisma.sql`
    select d.id, d."projectId", d.number, d."environmentId", d."releaseId", d.status::text as status, d."isRollback", d.reason,
           d."requestedByKind"::text as "requestedByKind", d."requestedById", d."requestedByTokenId", d."gateEvaluation",
           d."freezeOverrideById", d."freezeOverrideNote", d."supersededById", d."externalUrl", d."statusMessage",
           d."decidedAt", d."startedAt", d."finishedAt", d."succeededAt", d."freezeHeldSince", d."freezeWaitSeconds", d."createdAt", d."updatedAt",
           d."nudgedAt", d."remindedAt", d."escalatedAt",
           (select jsonb_build_object('slug', p.slug, 'name', p.name) from "Project" p where p.id = d."projectId") as project,
           (select jsonb_build_object('id', r.id, 'version', r.version, 'commitSha', r."commitSha", 'artifactRef', r."artifactRef",
                                      'createdById', r."createdById", 'createdAt', r."createdAt", 'abandonedAt', r."abandonedAt")
            from "Release" r where r.id = d."releaseId") as release,
           to_jsonb(e) || jsonb_build_object(
             'approvalRules', coalesce((select jsonb_agg(to_jsonb(ar) order by ar.role) from "ApprovalRule" ar
                                        where ar."environmentId" = e.id), '[]'::jsonb),
             'freezeWindows', coalesce((select jsonb_agg(to_jsonb(f) order by f."createdAt", f.id) from "FreezeWindow" f
                                        where f."environmentId" = e.id), '[]'::jsonb)) as environment,
           coalesce((select jsonb_agg(to_jsonb(a) || jsonb_build_object('member',
                                        (select jsonb_build_object('name', m.name, 'email', m.email, 'roles', m.roles, 'deactivatedAt', m."deactivatedAt")
                                         from "Member" m where m.id = a."memberId"))
                                      order by a."createdAt", a.id)
                     from "Approval" a where a."deploymentId" = d.id), '[]'::jsonb) as approvals,
           (select jsonb_build_object('id', m.id, 'name', m.name) from "Member" m where m.id = d."requestedById") as "requestedBy",
           (select jsonb_build_object('id', t.id, 'name', t.name) from "ApiToken" t where t.id = d."requestedByTokenId") as "requestedByToken",
           (select jsonb_build_object('name', m.name) from "Member" m where m.id = d."freezeOverrideById") as "freezeOverrideBy"
    from "Deployment" d join "Environment" e on e.id = d."environmentId"
    where ${where}`,
    client,
  );
  for (const row of rows) {
    reviveDates(row.release);
    reviveDates(row.environment);
    reviveDates(row.approvals);
  }
  return rows;
}

/** One promotion by id (null when there is none). */
export async function loadPromotionRow(client: Client, id: string): Promise<PromotionRow | null> {
  const [row] = await loadPromotionRows(client, Prisma.sql`d.id = ${id}::uuid`);
  return row ?? null;
}

export function toFreezeSpec(window: FreezeWindow): FreezeWindowSpec {
  return window.kind === "ONE_OFF"
    ? { kind: "ONE_OFF", label: window.label, timeZone: window.timeZone, startsAt: window.startsAt!, endsAt: window.endsAt! }
    : {
        kind: "WEEKLY",
        label: window.label,
        timeZone: window.timeZone,
        startDay: window.startDay!,
        startTime: window.startTime!,
        endDay: window.endDay!,
        endTime: window.endTime!,
      };
}

/**
 * What an approval counts for now: the roles its author held when deciding and still holds, and
 * nothing once they are deactivated — an approval counts only while its author may still give it.
 */
function standing(
  decidedWith: readonly Role[],
  member: { roles: readonly Role[]; deactivatedAt: Date | null },
): { roles: Role[]; lost: string | null } {
  if (member.deactivatedAt) return { roles: [], lost: "deactivated" };
  const roles = decidedWith.filter((role) => member.roles.includes(role));
  const gone = decidedWith.filter((role) => !member.roles.includes(role));
  return { roles, lost: gone.length ? `no longer ${gone.map((role) => roleLabels[role]).join(" or ")}` : null };
}

/** What the gates read of the promotion itself. */
export function promotionFacts(
  row: Pick<PromotionRow, "isRollback" | "requestedById" | "freezeOverrideBy" | "freezeOverrideNote">,
): GateContext["promotion"] {
  return {
    isRollback: row.isRollback,
    requestedById: row.requestedById,
    freezeOverride: row.freezeOverrideBy ? { by: row.freezeOverrideBy.name, note: row.freezeOverrideNote ?? "" } : null,
  };
}

/** The votes given on a promotion, each with what it counts for now (see standing). */
export function votesOf(row: Pick<PromotionRow, "approvals">): GateContext["votes"] {
  return row.approvals.map((approval) => ({
    memberId: approval.memberId,
    name: approval.member.name,
    ...standing(approval.roles, approval.member),
    decision: approval.decision,
  }));
}

export async function gateContexts(client: Client, rows: PromotionRow[], now = new Date()): Promise<Map<string, GateContext>> {
  const contexts = new Map<string, GateContext>();
  if (rows.length === 0) return contexts;
  const projectIds = [...new Set(rows.map((row) => row.projectId))];
  const environmentIds = [...new Set(rows.map((row) => row.environmentId))];
  const releaseIds = [...new Set(rows.map((row) => row.releaseId))];
  const ruleRoles = [...new Set(rows.flatMap((row) => row.environment.approvalRules.map((rule) => rule.role)))];
  // Sequential on purpose: inside an interactive transaction they share one connection.
  // One raw statement: gates are evaluated on every change and every poll of a waiting promotion.
  const [found] = await readRows<{
    environments: { id: string; projectId: string; position: number; name: string }[];
    successes: { releaseId: string; environmentId: string; at: string }[];
    inFlight: { id: string; environmentId: string; number: number; status: "APPROVED" | "DEPLOYING"; version: string }[];
    approvers: { memberId: string; name: string; roles: Role[] }[];
  }>(
    Prisma.sql`
    select
      (select coalesce(jsonb_agg(jsonb_build_object('id', id, 'projectId', "projectId", 'position', position, 'name', name)), '[]'::jsonb)
       from "Environment" where "projectId" = any(${projectIds}::uuid[])) as environments,
      (select coalesce(jsonb_agg(jsonb_build_object('releaseId', "releaseId", 'environmentId', "environmentId", 'at', "succeededAt")), '[]'::jsonb)
       from "Deployment" where "releaseId" = any(${releaseIds}::uuid[]) and "succeededAt" is not null) as successes,
      (select coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'environmentId', d."environmentId", 'number', d.number, 'status', d.status,
                                                    'version', r.version)), '[]'::jsonb)
       from "Deployment" d join "Release" r on r.id = d."releaseId"
       where d."environmentId" = any(${environmentIds}::uuid[]) and d.status in ('APPROVED', 'DEPLOYING')) as "inFlight",
      (select coalesce(jsonb_agg(jsonb_build_object('memberId', id, 'name', name, 'roles', roles)), '[]'::jsonb)
       from "Member" where "deactivatedAt" is null and roles::text[] && ${ruleRoles}::text[]) as approvers`,
    client,
  );
  const { environments, successes, inFlight, approvers } = found!;
  // When each release last succeeded in each environment (the latest of its successes there: a
  // release has a few, so they are compared here rather than grouped in SQL, which PGlite plans
  // anew on every call).
  const succeeded = new Map<string, string>();
  for (const s of successes) {
    const key = `${s.releaseId}/${s.environmentId}`;
    const at = new Date(s.at).toISOString();
    if ((succeeded.get(key) ?? "") < at) succeeded.set(key, at);
  }
  const signOffs = await signOffStates(
    client,
    rows.filter((row) => row.environment.signOffEnvironmentId !== null),
  );

  for (const row of rows) {
    const previous = environments
      .filter((env) => env.projectId === row.projectId && env.position < row.environment.position)
      .sort((a, b) => b.position - a.position)[0];
    const busy = inFlight.find((d) => d.environmentId === row.environmentId && d.id !== row.id);
    contexts.set(row.id, {
      now,
      promotion: promotionFacts(row),
      release: { version: row.release.version, createdById: row.release.createdById },
      environment: {
        name: row.environment.name,
        requirePreviousSuccess: row.environment.requirePreviousSuccess,
        requesterMayApprove: row.environment.requesterMayApprove,
        authorMayApprove: row.environment.authorMayApprove,
        rollbackDuringFreeze: row.environment.rollbackDuringFreeze,
        rollbackNeedsApproval: row.environment.rollbackNeedsApproval,
        approvalRules: row.environment.approvalRules.map((rule) => ({ role: rule.role, minCount: rule.minCount })),
        freezeWindows: row.environment.freezeWindows.map(toFreezeSpec),
      },
      previousEnvironment: previous ? { name: previous.name } : null,
      succeeded: {
        previous: previous ? succeeded.has(`${row.releaseId}/${previous.id}`) : false,
        here: succeeded.has(`${row.releaseId}/${row.environmentId}`),
        previousAt: previous ? succeeded.get(`${row.releaseId}/${previous.id}`) : undefined,
      },
      votes: votesOf(row),
      approvers,
      inFlight: busy ? { number: busy.number, version: busy.version, status: busy.status } : null,
      signOff: row.environment.signOffEnvironmentId
        ? {
            environment: environments.find((env) => env.id === row.environment.signOffEnvironmentId)?.name ?? "?",
            maxFailed: row.environment.maxFailedTests,
            state: signOffs.get(`${row.releaseId}/${row.environment.signOffEnvironmentId}`) ?? {
              kind: "no-run",
              href: `/projects/${row.project.slug}/runs?${new URLSearchParams({
                release: row.release.version,
                environment: environments.find((env) => env.id === row.environment.signOffEnvironmentId)?.name ?? "",
              })}`,
            },
          }
        : null,
    });
  }
  return contexts;
}

/**
 * Where each (release, environment) stands with QA: the latest run with a valid sign-off, or
 * else the latest run with its open results and its last decision (blocked, voided).
 */
async function signOffStates(client: Client, rows: PromotionRow[]): Promise<Map<string, SignOffContext["state"]>> {
  const states = new Map<string, SignOffContext["state"]>();
  if (rows.length === 0) return states;
  const runs = await client.testRun.findMany({
    where: { OR: rows.map((row) => ({ releaseId: row.releaseId, environmentId: row.environment.signOffEnvironmentId! })) },
    orderBy: NEWEST_RUN_FIRST,
    include: {
      project: { select: { slug: true } },
      signOffs: {
        orderBy: NEWEST_SIGN_OFF_FIRST,
        take: 1,
        include: { member: { select: { name: true, roles: true, deactivatedAt: true } }, _count: { select: { waivers: true } } },
      },
    },
  });
  const counts = await client.testResult.groupBy({
    by: ["runId", "status"],
    where: { runId: { in: runs.map((run) => run.id) }, status: { in: ["FAILED", "BLOCKED", "UNTESTED"] } },
    _count: true,
  });
  const count = (runId: string, status: string) => counts.find((c) => c.runId === runId && c.status === status)?._count ?? 0;
  for (const run of runs) {
    const key = `${run.releaseId}/${run.environmentId}`;
    const latest = run.signOffs[0];
    const href = `/projects/${run.project.slug}/runs/${run.id}`;
    // A sign-off counts only while its author is still an active member of QA.
    const lost = latest ? signOffStanding(latest.member) : null;
    if (latest && !latest.voidedAt && latest.decision === "SIGNED_OFF" && !lost) {
      const current = states.get(key);
      if (!current || current.kind !== "signed") {
        states.set(key, {
          kind: "signed",
          by: latest.member.name,
          run: run.number,
          href,
          failed: count(run.id, "FAILED"),
          waived: latest._count.waivers,
        });
      }
    } else if (!states.has(key)) {
      states.set(key, {
        kind: "open",
        run: run.number,
        href,
        failed: count(run.id, "FAILED"),
        blocked: count(run.id, "BLOCKED"),
        untested: count(run.id, "UNTESTED"),
        decision: !latest
          ? null
          : latest.voidedAt
            ? { kind: "voided", reason: latest.voidReason ?? "results changed" }
            : latest.decision === "BLOCKED"
              ? { kind: "blocked", by: latest.member.name, comment: latest.comment }
              : lost
                ? { kind: "not-counted", by: latest.member.name, why: lost }
                : null,
      });
    }
  }
  return states;
}
