import "server-only";
import { actorName } from "@/lib/auth/actor";
import { describeAuditEvent } from "@/lib/audit/describe";
import { db } from "@/lib/db/client";
import { readRows } from "@/lib/db/sql";
import { Prisma, type AuditEvent } from "@/lib/generated/prisma/client";
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import { NotFound } from "@/lib/http/errors";
import { withCurrentNames } from "@/lib/mentions/mentions";
import type { ReleaseDto, ReleaseListDto, TimelineItem } from "./schemas";

const RELEASES_PAGE_SIZE = 25;

function creatorName(release: { createdBy: { name: string } | null; createdByToken: { name: string } | null }): string {
  return release.createdBy?.name ?? (release.createdByToken ? `token ${release.createdByToken.name}` : "someone");
}

async function projectBySlug(slug: string) {
  const project = await db().project.findFirst({ where: { slug, archivedAt: null }, select: { id: true, slug: true, name: true } });
  if (!project) throw new NotFound("Project");
  return project;
}

/** A page of releases, newest first, with where each runs now; `search` matches the version. */
export async function listReleases(slug: string, options: { page?: number; search?: string } = {}): Promise<ReleaseListDto> {
  const project = await projectBySlug(slug);
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const search = options.search?.trim();
  const where: Prisma.ReleaseWhereInput = {
    projectId: project.id,
    ...(search ? { version: { contains: search, mode: "insensitive" } } : {}),
  };
  const [total, releases] = await Promise.all([
    db().release.count({ where }),
    db().release.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * RELEASES_PAGE_SIZE,
      take: RELEASES_PAGE_SIZE,
      include: {
        createdBy: { select: { name: true } },
        createdByToken: { select: { name: true } },
        deployments: { where: { status: "SUCCEEDED" }, select: { environment: { select: { name: true, position: true } } } },
      },
    }),
  ]);
  return {
    total,
    page,
    pageSize: RELEASES_PAGE_SIZE,
    releases: releases.map((release) => ({
      id: release.id,
      version: release.version,
      commitSha: release.commitSha,
      artifactRef: release.artifactRef,
      createdAt: release.createdAt.toISOString(),
      createdBy: creatorName(release),
      abandoned: release.abandonedAt !== null,
      runningIn: release.deployments.sort((a, b) => a.environment.position - b.environment.position).map((d) => d.environment.name),
    })),
  };
}

type ReleaseDeployment = {
  id: string;
  number: number;
  status: DeploymentStatus;
  environmentId: string;
  createdAt: string;
  finishedAt: string | null;
  rolledBack: { by: string | null; reason: string | null } | null;
};
type ReleaseRun = {
  id: string;
  number: number;
  name: string;
  environment: string;
  total: number;
  decision: "SIGNED_OFF" | "BLOCKED" | null;
  voided: boolean;
};
type ReleaseRow = {
  projectId: string;
  projectName: string;
  id: string | null;
  version: string;
  commitSha: string;
  artifactRef: string | null;
  notes: string | null;
  createdAt: Date;
  committedAt: Date | null;
  abandonedAt: Date | null;
  abandonReason: string | null;
  creator: string | null;
  tokenName: string | null;
  environments: { id: string; name: string }[];
  deployments: ReleaseDeployment[];
  runs: ReleaseRun[];
  events: ReleaseEvent[];
};

type ReleaseEvent = {
  seq: string;
  occurredAt: string;
  actorKind: AuditEvent["actorKind"];
  actorLabel: string;
  action: string;
  reason: string | null;
  after: Prisma.JsonValue;
};

// One statement: pipelines poll a release and every registration answers with it. PostgreSQL plans
// subqueries of one table each faster than joins, and (prepared) plans this one once per connection.
const releaseQuery = (slug: string, version: string) => Prisma.sql`
    select p.id as "projectId", p.name as "projectName", r.id, r.version, r."commitSha", r."artifactRef", r.notes, r."createdAt",
           r."committedAt", r."abandonedAt", r."abandonReason",
           (select m.name from "Member" m where m.id = r."createdById") as creator,
           (select t.name from "ApiToken" t where t.id = r."createdByTokenId") as "tokenName",
           (select coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'name', e.name) order by e.position), '[]'::jsonb)
            from "Environment" e where e."projectId" = p.id) as environments,
           (select coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'number', d.number, 'status', d.status, 'environmentId', d."environmentId",
                                                         'createdAt', d."createdAt", 'finishedAt', d."finishedAt",
                                                         'rolledBack', (select jsonb_build_object('by', (select name from "Member" m where m.id = s."requestedById"), 'reason', s.reason)
                                                                        from "Deployment" s where s.id = d."supersededById" and s."isRollback"))
                                      order by d."createdAt", d.number), '[]'::jsonb)
            from "Deployment" d where d."releaseId" = r.id) as deployments,
           (select coalesce(jsonb_agg(jsonb_build_object(
                     'id', x.id, 'number', x.number, 'name', x.name,
                     'environment', (select e.name from "Environment" e where e.id = x."environmentId"),
                     'total', (select count(*) from "TestResult" tr where tr."runId" = x.id),
                     'decision', s.decision, 'voided', s."voidedAt" is not null) order by x."createdAt" desc, x.number desc), '[]'::jsonb)
            from "TestRun" x
            left join lateral (select decision, "voidedAt" from "SignOff" where "runId" = x.id order by "createdAt" desc, id desc limit 1) s on true
            where x."releaseId" = r.id) as runs,
           -- QA's steps on this release; single result changes stay on the run's page. Found by the
           -- (objectType, objectId) index from the release's own ids (so no project filter, which
           -- PGlite, never analyzed, would read by): a filter over the project's events read its
           -- whole history for every registration's answer.
           (select coalesce(jsonb_agg(jsonb_build_object('seq', a.seq::text, 'occurredAt', a."occurredAt", 'actorKind', a."actorKind",
                                                         'actorLabel', a."actorLabel", 'action', a.action, 'reason', a.reason, 'after', a.after)
                                      order by a."occurredAt", a.seq), '[]'::jsonb)
            from "AuditEvent" a
            where a."objectType" = any('{release,deployment,test_run}'::text[])
              and a."objectId" = any(array(select r.id::text
                                           union all select d.id::text from "Deployment" d where d."releaseId" = r.id
                                           union all select x.id::text from "TestRun" x where x."releaseId" = r.id))
              and (a."objectType" <> 'test_run'
                   or a.action not in ('result.recorded', 'result.undone', 'result.defect_linked', 'result.defect_removed', 'run.assigned'))) as events
    from "Project" p left join "Release" r on r."projectId" = p.id and r.version = ${version}
    where p.slug = ${slug} and p."archivedAt" is null`;

export async function getRelease(slug: string, version: string): Promise<ReleaseDto> {
  const [row] = await readRows<ReleaseRow>(releaseQuery(slug, version));
  if (!row) throw new NotFound("Project");
  const releaseId = row.id;
  if (!releaseId) throw new NotFound(`Release ${version}`);
  const project = { id: row.projectId, slug, name: row.projectName };
  const { deployments, environments, runs, events } = row;
  const timeline: TimelineItem[] = events.map((event) => {
    const after = (event.after ?? {}) as Record<string, unknown>;
    return {
      seq: event.seq,
      at: new Date(event.occurredAt).toISOString(),
      actor: actorName(event.actorLabel),
      actorKind: event.actorKind,
      action: event.action,
      text: describeAuditEvent(event),
      reason: event.reason,
      body: typeof after.body === "string" ? after.body : undefined,
      commentId: typeof after.commentId === "string" ? after.commentId : undefined,
      deploymentNumber: typeof after.number === "number" ? after.number : undefined,
      environment: typeof after.environment === "string" ? after.environment : undefined,
    };
  });
  // Mentions read with each member's current name.
  const [notes, ...bodies] = await withCurrentNames([row.notes, ...timeline.map((item) => item.body)]);
  timeline.forEach((item, i) => (item.body = bodies[i] ?? undefined));
  const iso = (at: string) => new Date(at).toISOString();
  return {
    id: releaseId,
    version: row.version,
    commitSha: row.commitSha,
    artifactRef: row.artifactRef,
    notes: notes ?? null,
    createdAt: row.createdAt.toISOString(),
    committedAt: row.committedAt ? row.committedAt.toISOString() : null,
    createdBy: row.creator ?? (row.tokenName ? `token ${row.tokenName}` : "someone"),
    abandoned: row.abandonedAt ? { at: row.abandonedAt.toISOString(), reason: row.abandonReason } : null,
    project,
    environments: environments.map((env) => {
      const latest = deployments.filter((d) => d.environmentId === env.id).at(-1);
      return {
        id: env.id,
        name: env.name,
        status: latest?.status ?? null,
        number: latest?.number ?? null,
        at: latest ? iso(latest.finishedAt ?? latest.createdAt) : null,
        current: latest?.status === "SUCCEEDED",
        rolledBack: latest?.status === "SUPERSEDED" ? latest.rolledBack : null,
      };
    }),
    runs: runs.map((run) => ({
      id: run.id,
      number: run.number,
      name: run.name,
      environment: run.environment,
      total: run.total,
      state: !run.decision ? "not signed" : run.voided ? "voided" : run.decision === "SIGNED_OFF" ? "signed off" : "blocked",
    })),
    timeline,
  };
}
