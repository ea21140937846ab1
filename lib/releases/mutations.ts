import "server-only";
import { randomUUID } from "node:crypto";
import { actorName, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { CHANGE, LONG_CHANGE, transaction } from "@/lib/db/transaction";
import { readRows } from "@/lib/db/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { Conflict, Forbidden, NotFound } from "@/lib/http/errors";
import { findProject, projectBySlug as projectOf, type ProjectRef } from "@/lib/http/project-of";
import { askingDone } from "@/lib/promotions/notifications";
import { lockEnvironment, promoteNewRelease } from "@/lib/promotions/workflow";
import { canCreateRelease } from "@/lib/promotions/policy";
import { notifyChange } from "@/lib/realtime/notify";
import { parseInput } from "@/lib/http/validation";
import { checkMentions, notifyMentioned } from "@/lib/mentions/mentions";
import { appUrl, enqueueEvent } from "@/lib/webhooks/outbox";
import { canAbandonRelease, canComment } from "./policy";
import { getRelease } from "./queries";
import { abandonReleaseSchema, commentSchema, createReleaseSchema, type ReleaseDto } from "./schemas";

/** The project by slug, or as the route already found it. */
async function projectBySlug(project: string | ProjectRef): Promise<ProjectRef> {
  const found = typeof project === "string" ? await findProject(projectOf, { slug: project }) : project;
  if (!found) throw new NotFound("Project");
  return found;
}

/** Registers an immutable release; the first environment promotes it at once if it promotes automatically. */
export async function createRelease(actor: Actor, projectOrSlug: string | ProjectRef, raw: unknown): Promise<ReleaseDto> {
  if (!canCreateRelease(actor)) throw new Forbidden("Only developers and ops register releases.");
  const input = parseInput(createReleaseSchema, raw);
  const project = await projectBySlug(projectOrSlug);
  // A taken version is found by the unique index (no read first: registering is the hot path of
  // CI), and answered without an error in the database's log or an aborted transaction.
  // A commit "made" after its registration (a pipeline's clock a little fast) counts as made then: a lead time is never negative.
  const createdAt = new Date();
  const committedAt = input.committedAt && input.committedAt > createdAt ? createdAt : input.committedAt;
  await transaction(async (tx) => {
    const [release] = await readRows<{ id: string; version: string; commitSha: string; artifactRef: string | null; createdAt: Date }>(
      Prisma.sql`
      insert into "Release" (id, "projectId", version, "commitSha", "artifactRef", notes, "createdById", "createdByTokenId", "createdAt", "committedAt")
      values (${randomUUID()}::uuid, ${project.id}::uuid, ${input.version}, ${input.commitSha}, ${input.artifactRef ?? null}, ${input.notes ?? null},
              ${actor.kind === "MEMBER" ? actor.id : null}::uuid, ${actor.kind === "TOKEN" ? actor.id : null}::uuid, ${createdAt},
              ${committedAt ?? null}::timestamptz)
      on conflict do nothing
      returning id, version, "commitSha", "artifactRef", "createdAt"`,
      tx,
    );
    if (!release) {
      // Taken exactly, or by a version that differs only in letter case (the index on lower(version)).
      const [taken] = await readRows<{ version: string }>(
        Prisma.sql`select version from "Release" where "projectId" = ${project.id}::uuid and lower(version) = lower(${input.version})
                   order by version = ${input.version} desc limit 1`,
        tx,
      );
      const twin = taken && taken.version !== input.version;
      throw new Conflict(
        twin
          ? `Release ${input.version} would differ from the existing ${taken.version} only in letter case: register another version.`
          : `Release ${input.version} already exists: releases are immutable, so register a new version.`,
        [
          {
            field: "version",
            message: twin ? `${taken.version} exists; versions differing only in case are one version` : "This version already exists",
          },
        ],
      );
    }
    await recordAudit(tx, actor, {
      action: "release.created",
      objectType: "release",
      objectId: release.id,
      projectId: project.id,
      after: { version: release.version, commitSha: release.commitSha, artifactRef: release.artifactRef },
    });
    await notifyChange(tx, { projectId: project.id, projectSlug: project.slug, topics: ["board", "releases"] });
    await enqueueEvent(tx, project.id, "release.created", {
      actor: actorName(actor.label),
      release: { version: release.version, commitSha: release.commitSha, artifactRef: release.artifactRef },
      url: appUrl(`/projects/${project.slug}/releases/${encodeURIComponent(release.version)}`),
    });
    await promoteNewRelease(tx, actor, project.id, { ...release, abandonedAt: null });
  }, LONG_CHANGE);
  return getRelease(project.slug, input.version);
}

/** Marks a wrong release abandoned (never edited) and cancels its waiting promotions. */
export async function abandonRelease(actor: Actor, slug: string, version: string, raw: unknown): Promise<ReleaseDto> {
  if (!canAbandonRelease(actor)) throw new Forbidden("Only developers, ops and pipelines with releases:write abandon releases.");
  const { reason } = parseInput(abandonReleaseSchema, raw);
  const project = await projectBySlug(slug);
  await transaction(async (tx) => {
    // The release's row lock first: of two abandons at once the second waits, then sees the first's.
    const [release] = await tx.$queryRaw<{ id: string; abandonedAt: Date | null }[]>`
      select id, "abandonedAt" from "Release" where "projectId" = ${project.id}::uuid and version = ${version} for update`;
    if (!release) throw new NotFound(`Release ${version}`);
    if (release.abandonedAt) throw new Conflict(`${version} is already abandoned.`);
    const environments = await tx.environment.findMany({
      where: { projectId: project.id },
      orderBy: { position: "asc" },
      select: { id: true },
    });
    // Each environment's lock, in pipeline order as every change takes them: no promotion of this
    // release is decided while it is being abandoned.
    for (const env of environments) await lockEnvironment(tx, env.id);
    await tx.release.update({ where: { id: release.id }, data: { abandonedAt: new Date(), abandonReason: reason } });
    const waiting = await tx.deployment.findMany({
      where: { releaseId: release.id, status: { in: ["REQUESTED", "AWAITING_GATES", "APPROVED"] } },
      include: { environment: { select: { name: true } } },
    });
    await askingDone(
      tx,
      { id: project.id, slug: project.slug },
      waiting.map((promotion) => promotion.id),
    );
    for (const promotion of waiting) {
      await tx.deployment.update({
        where: { id: promotion.id },
        data: { status: "CANCELLED", finishedAt: new Date(), statusMessage: `Release abandoned: ${reason}` },
      });
      await recordAudit(tx, actor, {
        action: "deployment.cancelled",
        objectType: "deployment",
        objectId: promotion.id,
        projectId: project.id,
        reason: `release abandoned: ${reason}`,
        after: { number: promotion.number, version, releaseId: release.id, environment: promotion.environment.name },
      });
    }
    await recordAudit(tx, actor, {
      action: "release.abandoned",
      objectType: "release",
      objectId: release.id,
      projectId: project.id,
      reason,
      after: { version },
    });
    await notifyChange(tx, {
      projectId: project.id,
      projectSlug: project.slug,
      topics: ["board", "releases", "inbox", `release:${release.id}`],
    });
  }, LONG_CHANGE);
  return getRelease(slug, version);
}

/** A comment in the release's discussion (kept as a Comment and in the release's timeline). */
export async function commentOnRelease(actor: Actor, slug: string, version: string, raw: unknown): Promise<ReleaseDto> {
  if (!canComment(actor)) throw new Forbidden("Only people comment.");
  const { body } = parseInput(commentSchema, raw);
  const project = await projectBySlug(slug);
  await transaction(async (tx) => {
    const release = await tx.release.findUnique({ where: { projectId_version: { projectId: project.id, version } } });
    if (!release) throw new NotFound(`Release ${version}`);
    const mentioned = await checkMentions(tx, body, "body");
    const comment = await tx.comment.create({ data: { projectId: project.id, releaseId: release.id, authorId: actor.id!, body } });
    await notifyMentioned(tx, actor, mentioned, body, {
      title: `${actorName(actor.label)} mentioned you in ${version}'s discussion`,
      link: `/projects/${project.slug}/releases/${encodeURIComponent(version)}#comment-${comment.id}`,
      project,
    });
    await recordAudit(tx, actor, {
      action: "release.commented",
      objectType: "release",
      objectId: release.id,
      projectId: project.id,
      after: { version, commentId: comment.id, body },
    });
    await notifyChange(tx, { projectId: project.id, projectSlug: project.slug, topics: [`release:${release.id}`] });
  }, CHANGE);
  return getRelease(slug, version);
}
