import "server-only";
import { actorName } from "@/lib/auth/actor";
import { describeAuditEvent } from "@/lib/audit/describe";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
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

export async function getRelease(slug: string, version: string): Promise<ReleaseDto> {
  const project = await projectBySlug(slug);
  const release = await db().release.findUnique({
    where: { projectId_version: { projectId: project.id, version } },
    include: {
      createdBy: { select: { name: true } },
      createdByToken: { select: { name: true } },
      deployments: {
        orderBy: { createdAt: "asc" },
        select: { id: true, number: true, status: true, environmentId: true, createdAt: true, finishedAt: true },
      },
    },
  });
  if (!release) throw new NotFound(`Release ${version}`);
  const environments = await db().environment.findMany({
    where: { projectId: project.id },
    orderBy: { position: "asc" },
    select: { id: true, name: true },
  });
  const runs = await db().testRun.findMany({
    where: { releaseId: release.id },
    orderBy: { createdAt: "desc" },
    include: {
      environment: { select: { name: true } },
      signOffs: { orderBy: { createdAt: "desc" }, take: 1 },
      _count: { select: { results: true } },
    },
  });
  const events = await db().auditEvent.findMany({
    where: {
      projectId: project.id,
      OR: [
        { objectType: "release", objectId: release.id },
        { objectType: "deployment", objectId: { in: release.deployments.map((d) => d.id) } },
        // QA's steps on this release; single result changes stay on the run's page.
        { objectType: "test_run", objectId: { in: runs.map((r) => r.id) }, action: { not: "result.recorded" } },
      ],
    },
    orderBy: [{ occurredAt: "asc" }, { seq: "asc" }],
  });
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
    createdBy: creatorName(release),
    abandoned: release.abandonedAt ? { at: release.abandonedAt.toISOString(), reason: release.abandonReason } : null,
    project,
    environments: environments.map((env) => {
      const latest = release.deployments.filter((d) => d.environmentId === env.id).at(-1);
      return {
        id: env.id,
        name: env.name,
        status: latest?.status ?? null,
        number: latest?.number ?? null,
        at: (latest?.finishedAt ?? latest?.createdAt)?.toISOString() ?? null,
        current: latest?.status === "SUCCEEDED",
      };
    }),
    runs: runs.map((run) => {
      const latest = run.signOffs[0];
      return {
        id: run.id,
        number: run.number,
        name: run.name,
        environment: run.environment.name,
        total: run._count.results,
        state: !latest ? "not signed" : latest.voidedAt ? "voided" : latest.decision === "SIGNED_OFF" ? "signed off" : "blocked",
      };
    }),
    timeline,
  };
}
