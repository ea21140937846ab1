import "server-only";
import { actorName } from "@/lib/auth/actor";
import { describeAuditEvent } from "@/lib/audit/describe";
import { db } from "@/lib/db/client";
import type { AuditEvent, Prisma } from "@/lib/generated/prisma/client";
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import { NotFound } from "@/lib/http/errors";
import type { ReleaseDto, ReleaseListDto, TimelineItem } from "./schemas";

export const RELEASES_PAGE_SIZE = 25;

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
      orderBy: { createdAt: "desc" },
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

type ReleaseRow = {
  id: string;
  version: string;
  commitSha: string;
  artifactRef: string | null;
  notes: string | null;
  createdAt: Date;
  abandonedAt: Date | null;
  abandonReason: string | null;
  creator: string | null;
  tokenName: string | null;
};
type ReleaseDeploymentRow = {
  id: string;
  number: number;
  status: DeploymentStatus;
  environmentId: string;
  createdAt: Date;
  finishedAt: Date | null;
};
type ReleaseRunRow = {
  id: string;
  number: number;
  name: string;
  environment: string;
  total: number;
  decision: "SIGNED_OFF" | "BLOCKED" | null;
  voidedAt: Date | null;
};

// Raw statements: pipelines poll a release and every registration answers with it; Prisma's
// compilation of these five queries cost more than running them.
export async function getRelease(slug: string, version: string): Promise<ReleaseDto> {
  const [project] = await db().$queryRaw<{ id: string; slug: string; name: string }[]>`
    select id, slug, name from "Project" where slug = ${slug} and "archivedAt" is null`;
  if (!project) throw new NotFound("Project");
  const [release] = await db().$queryRaw<ReleaseRow[]>`
    select r.id, r.version, r."commitSha", r."artifactRef", r.notes, r."createdAt", r."abandonedAt", r."abandonReason",
           m.name as creator, t.name as "tokenName"
    from "Release" r left join "Member" m on m.id = r."createdById" left join "ApiToken" t on t.id = r."createdByTokenId"
    where r."projectId" = ${project.id}::uuid and r.version = ${version}`;
  if (!release) throw new NotFound(`Release ${version}`);
  const deployments = await db().$queryRaw<ReleaseDeploymentRow[]>`
    select id, number, status::text as status, "environmentId", "createdAt", "finishedAt" from "Deployment"
    where "releaseId" = ${release.id}::uuid order by "createdAt", number`;
  const environments = await db().$queryRaw<{ id: string; name: string }[]>`
    select id, name from "Environment" where "projectId" = ${project.id}::uuid order by position`;
  const runs = await db().$queryRaw<ReleaseRunRow[]>`
    select r.id, r.number, r.name, e.name as environment,
           (select count(*)::int from "TestResult" x where x."runId" = r.id) as total, s.decision::text as decision, s."voidedAt"
    from "TestRun" r join "Environment" e on e.id = r."environmentId"
    left join lateral (select decision, "voidedAt" from "SignOff" where "runId" = r.id order by "createdAt" desc limit 1) s on true
    where r."releaseId" = ${release.id}::uuid order by r."createdAt" desc`;
  // QA's steps on this release; single result changes stay on the run's page.
  const events = await db().$queryRaw<AuditEvent[]>`
    select seq, "occurredAt", "actorKind"::text as "actorKind", "actorMemberId", "actorTokenId", "actorLabel", action, "objectType",
           "objectId", "projectId", reason, before, after, origin, "prevHash", hash
    from "AuditEvent"
    where "projectId" = ${project.id}::uuid and (
      ("objectType" = 'release' and "objectId" = ${release.id})
      or ("objectType" = 'deployment' and "objectId" = any(${deployments.map((d) => d.id)}::text[]))
      or ("objectType" = 'test_run' and "objectId" = any(${runs.map((r) => r.id)}::text[]) and action <> 'result.recorded'))
    order by "occurredAt", seq`;
  const timeline: TimelineItem[] = events.map((event) => {
    const after = (event.after ?? {}) as Record<string, unknown>;
    return {
      seq: event.seq.toString(),
      at: event.occurredAt.toISOString(),
      actor: actorName(event.actorLabel),
      actorKind: event.actorKind,
      action: event.action,
      text: describeAuditEvent(event),
      reason: event.reason,
      body: typeof after.body === "string" ? after.body : undefined,
      deploymentNumber: typeof after.number === "number" ? after.number : undefined,
      environment: typeof after.environment === "string" ? after.environment : undefined,
    };
  });
  return {
    id: release.id,
    version: release.version,
    commitSha: release.commitSha,
    artifactRef: release.artifactRef,
    notes: release.notes,
    createdAt: release.createdAt.toISOString(),
    createdBy: release.creator ?? (release.tokenName ? `token ${release.tokenName}` : "someone"),
    abandoned: release.abandonedAt ? { at: release.abandonedAt.toISOString(), reason: release.abandonReason } : null,
    project,
    environments: environments.map((env) => {
      const latest = deployments.filter((d) => d.environmentId === env.id).at(-1);
      return {
        id: env.id,
        name: env.name,
        status: latest?.status ?? null,
        number: latest?.number ?? null,
        at: (latest?.finishedAt ?? latest?.createdAt)?.toISOString() ?? null,
        current: latest?.status === "SUCCEEDED",
      };
    }),
    runs: runs.map((run) => ({
      id: run.id,
      number: run.number,
      name: run.name,
      environment: run.environment,
      total: run.total,
      state: !run.decision ? "not signed" : run.voidedAt ? "voided" : run.decision === "SIGNED_OFF" ? "signed off" : "blocked",
    })),
    timeline,
  };
}
