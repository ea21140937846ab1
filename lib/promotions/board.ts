import { Prisma } from "@/lib/generated/prisma/client";
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import type { ActorKind, DeploymentStatus, Role } from "@/lib/generated/prisma/enums";
import { loadPromotionRows, projectWithPolicies, toFreezeSpec } from "./context";
import { activeFreeze, describeWindow, formatInZone, nextFreeze } from "./freeze";
import { canCreateRelease, canEditPolicy, canRequestPromotion, canRollback } from "./policy";
import { requesterName, toPromotionDtos } from "./queries";
import type { PromotionDto } from "./schemas";

type HistoryItem = {
  id: string;
  number: number;
  version: string;
  status: DeploymentStatus;
  at: string;
  by: string;
  isRollback: boolean;
  /** A release that succeeded here and was then rolled back: by whom (a rollback's requester) and why. */
  rolledBack: { by: string | null; reason: string | null } | null;
};

export type BoardColumn = {
  environment: {
    id: string;
    name: string;
    position: number;
    autoPromote: boolean;
    deployTarget: string;
    approvalRules: { role: Role; minCount: number }[];
    requirePreviousSuccess: boolean;
  };
  current: {
    promotionId: string;
    number: number;
    release: { id: string; version: string; commitSha: string };
    since: string;
    /** Who requested it (a person, a token, or Shiproom). */
    by: string;
    isRollback: boolean;
    /** What the deployment's report said, and the link it gave (its log, its pipeline run). */
    report: { message: string | null; url: string | null };
  } | null;
  inFlight: PromotionDto | null;
  waiting: PromotionDto | null;
  freeze: {
    active: { label: string; until: string; untilText: string } | null;
    next: { label: string; startsAt: string; startsText: string } | null;
    windows: string[];
  };
  history: HistoryItem[];
  /** Releases that ran here before and may be rolled back to, newest first. */
  rollbackTargets: { version: string; lastRanAt: string }[];
};

export type BoardDto = {
  project: { id: string; slug: string; key: string; name: string };
  columns: BoardColumn[];
  /** Recent releases, for the promote dialog. */
  releases: { id: string; version: string; commitSha: string; createdAt: string; abandoned: boolean }[];
  viewer: { canCreateRelease: boolean; canRequestPromotion: boolean; canRollback: boolean; canEditPolicy: boolean };
  generatedAt: string;
};

const FINISHED: DeploymentStatus[] = ["SUCCEEDED", "FAILED", "REJECTED", "CANCELLED", "SUPERSEDED"];
const HISTORY = 6;
const ROLLBACK_TARGETS = 8;
const SUCCESSES_READ = 100;

type HistoryRow = {
  id: string;
  environmentId: string;
  number: number;
  status: DeploymentStatus;
  isRollback: boolean;
  createdAt: Date;
  finishedAt: Date | null;
  requestedByKind: ActorKind;
  memberName: string | null;
  tokenName: string | null;
  version: string;
  rolledBack: { by: string | null; reason: string | null } | null;
};
type RanRow = { environmentId: string; releaseId: string; succeededAt: Date; version: string; abandoned: boolean };

export async function getBoard(slug: string, viewer: Actor): Promise<BoardDto> {
  const now = new Date();
  const project = await projectWithPolicies(db(), slug);

  // Every read below is bounded per environment and walks an index of that environment, so the
  // board costs the same for a project with 200 releases as for one with 20,000.
  const environmentIds = project.environments.map((env) => env.id);
  const live = await loadPromotionRows(
    db(),
    Prisma.sql`d."environmentId" = any(${environmentIds}::uuid[]) and d.status in ('REQUESTED', 'AWAITING_GATES', 'APPROVED', 'DEPLOYING', 'SUCCEEDED')`,
  );
  const dtos = new Map(
    (
      await toPromotionDtos(
        db(),
        live.filter((row) => row.status !== "SUCCEEDED"),
        viewer,
      )
    ).map((dto) => [dto.id, dto]),
  );

  // History and rollback targets of every environment in two statements (not two per environment).
  const history = await db().$queryRaw<HistoryRow[]>`
    select d.id, d."environmentId", d.number, d.status::text as status, d."isRollback", d."createdAt", d."finishedAt",
           d."requestedByKind"::text as "requestedByKind",
           (select name from "Member" m where m.id = d."requestedById") as "memberName",
           (select name from "ApiToken" t where t.id = d."requestedByTokenId") as "tokenName",
           (select version from "Release" r where r.id = d."releaseId") as version,
           (select jsonb_build_object('by', (select name from "Member" m where m.id = s."requestedById"), 'reason', s.reason)
            from "Deployment" s where s.id = d."supersededById" and s."isRollback") as "rolledBack"
    from unnest(${environmentIds}::uuid[]) as e(id)
    cross join lateral (select * from "Deployment" x
                        where x."environmentId" = e.id and x.status::text = any(${FINISHED}::text[])
                        order by x."createdAt" desc, x.number desc limit ${HISTORY}) d
    order by d."createdAt" desc, d.number desc`;
  // The releases that ran in each environment, newest success first, each once: read from the
  // environment's newest SUCCESSES_READ successes (a release that succeeded there again and again
  // takes several of them; past that many, the list may be shorter than ROLLBACK_TARGETS).
  const ran = await db().$queryRaw<RanRow[]>`
    select y."environmentId", y."releaseId", y."succeededAt", r.version, r."abandonedAt" is not null as abandoned
    from unnest(${environmentIds}::uuid[]) as e(id)
    cross join lateral (
      select x."environmentId", x."releaseId", x."succeededAt"
      from (select distinct on (s."releaseId") s."environmentId", s."releaseId", s."succeededAt"
            from (select d."environmentId", d."releaseId", d."succeededAt" from "Deployment" d
                  where d."environmentId" = e.id and d."succeededAt" is not null
                  order by d."succeededAt" desc limit ${SUCCESSES_READ}) s
            order by s."releaseId", s."succeededAt" desc) x
      order by x."succeededAt" desc limit ${ROLLBACK_TARGETS + 1}) y
    join "Release" r on r.id = y."releaseId"
    order by y."succeededAt" desc`;

  const columns: BoardColumn[] = [];
  for (const env of project.environments) {
    const rows = live.filter((row) => row.environmentId === env.id);
    const current = rows.find((row) => row.status === "SUCCEEDED");
    const inFlight = rows.find((row) => row.status === "APPROVED" || row.status === "DEPLOYING");
    const waiting = rows.find((row) => row.status === "REQUESTED" || row.status === "AWAITING_GATES");
    const ranHere = ran.filter((row) => row.environmentId === env.id && row.releaseId !== current?.releaseId).slice(0, ROLLBACK_TARGETS);
    const windows = env.freezeWindows.map(toFreezeSpec);
    const active = activeFreeze(windows, now);
    const next = active ? null : nextFreeze(windows, now);
    columns.push({
      environment: {
        id: env.id,
        name: env.name,
        position: env.position,
        autoPromote: env.autoPromote,
        deployTarget: env.deployTarget,
        approvalRules: env.approvalRules.map((rule) => ({ role: rule.role, minCount: rule.minCount })),
        requirePreviousSuccess: env.requirePreviousSuccess,
      },
      current: current
        ? {
            promotionId: current.id,
            number: current.number,
            release: { id: current.release.id, version: current.release.version, commitSha: current.release.commitSha },
            since: (current.succeededAt ?? current.finishedAt ?? current.createdAt).toISOString(),
            by: requesterName(current),
            isRollback: current.isRollback,
            report: { message: current.statusMessage, url: current.externalUrl },
          }
        : null,
      inFlight: inFlight ? dtos.get(inFlight.id)! : null,
      waiting: waiting ? dtos.get(waiting.id)! : null,
      freeze: {
        active: active
          ? { label: active.label, until: active.until.toISOString(), untilText: formatInZone(active.until, active.timeZone) }
          : null,
        next: next
          ? { label: next.label, startsAt: next.startsAt.toISOString(), startsText: formatInZone(next.startsAt, next.timeZone) }
          : null,
        windows: windows.map((w) => `${w.label}: ${describeWindow(w)}`),
      },
      history: history
        .filter((row) => row.environmentId === env.id)
        .map((row) => ({
          id: row.id,
          number: row.number,
          version: row.version,
          status: row.status,
          at: (row.finishedAt ?? row.createdAt).toISOString(),
          by: requesterName({
            requestedByKind: row.requestedByKind,
            requestedBy: row.memberName ? { name: row.memberName } : null,
            requestedByToken: row.tokenName ? { name: row.tokenName } : null,
          }),
          isRollback: row.isRollback,
          rolledBack: row.status === "SUPERSEDED" ? row.rolledBack : null,
        })),
      rollbackTargets: ranHere
        .filter((row) => !row.abandoned)
        .map((row) => ({ version: row.version, lastRanAt: row.succeededAt.toISOString() })),
    });
  }

  const releases = await db().release.findMany({
    where: { projectId: project.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 30,
    select: { id: true, version: true, commitSha: true, createdAt: true, abandonedAt: true },
  });

  return {
    project: { id: project.id, slug: project.slug, key: project.key, name: project.name },
    columns,
    releases: releases.map((r) => ({
      id: r.id,
      version: r.version,
      commitSha: r.commitSha,
      createdAt: r.createdAt.toISOString(),
      abandoned: r.abandonedAt !== null,
    })),
    viewer: {
      canCreateRelease: canCreateRelease(viewer),
      canRequestPromotion: canRequestPromotion(viewer),
      canRollback: canRollback(viewer),
      canEditPolicy: canEditPolicy(viewer),
    },
    generatedAt: now.toISOString(),
  };
}
