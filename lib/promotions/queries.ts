import "server-only";
import { SYSTEM_NAME, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { NotFound } from "@/lib/http/errors";
import { isUuid } from "@/lib/http/validation";
import { gateContexts, loadPromotionRow, promotionFacts, type Client, type PromotionRow } from "./context";
import { evaluateGates, type GateContext, type GateEvaluation } from "./gates";
import {
  approvalPermission,
  cancelPermission,
  freezeOverridePermission,
  nextNudgeAt,
  nudgePermission,
  rejectPermission,
  reportPermission,
  type Permission,
} from "./policy";
import type { PromotionDto } from "./schemas";
import { isWaiting } from "./states";

type Requester = {
  requestedByKind: PromotionRow["requestedByKind"];
  requestedBy: { name: string } | null;
  requestedByToken: { name: string } | null;
};

export function requesterName(row: Requester): string {
  if (row.requestedByKind === "AUTOMATION" || row.requestedByKind === "SYSTEM") return SYSTEM_NAME;
  if (row.requestedByKind === "TOKEN") return row.requestedByToken ? `token ${row.requestedByToken.name}` : "an API token";
  return row.requestedBy?.name ?? "someone";
}

const no = (reason: string): Permission => ({ allowed: false, reason });

export function toPromotionDto(row: PromotionRow, ctx: GateContext | undefined, viewer: Actor): PromotionDto {
  const waiting = isWaiting(row.status);
  const gates = waiting && ctx ? evaluateGates(ctx) : (row.gateEvaluation as GateEvaluation | null);
  const state = { status: row.status, requestedById: row.requestedById, requestedByKind: row.requestedByKind };
  const frozen = gates?.gates.some((gate) => gate.kind === "freeze" && gate.status === "waiting") ?? false;
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    isRollback: row.isRollback,
    reason: row.reason,
    project: { id: row.projectId, slug: row.project.slug },
    environment: { id: row.environmentId, name: row.environment.name, deployTarget: row.environment.deployTarget },
    release: { id: row.release.id, version: row.release.version, commitSha: row.release.commitSha, artifactRef: row.release.artifactRef },
    requestedBy: { kind: row.requestedByKind, name: requesterName(row) },
    requestedAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    statusMessage: row.statusMessage,
    externalUrl: row.externalUrl,
    nudgedAt: row.nudgedAt?.toISOString() ?? null,
    nextNudgeAt: nextNudgeAt(row.nudgedAt, now())?.toISOString() ?? null,
    freezeOverride: promotionFacts(row).freezeOverride,
    gates,
    approvals: row.approvals.map((approval) => ({
      memberId: approval.memberId,
      name: approval.member.name,
      decision: approval.decision,
      comment: approval.comment,
      roles: approval.roles,
      at: approval.createdAt.toISOString(),
    })),
    actions: {
      approve: ctx && waiting ? approvalPermission(viewer, ctx, state) : no("It is no longer waiting for approvals."),
      reject: ctx && waiting ? rejectPermission(viewer, ctx, state) : no("It is no longer waiting: it cannot be rejected."),
      cancel: cancelPermission(viewer, state),
      report: reportPermission(viewer, { ...state, deployTarget: row.environment.deployTarget }),
      overrideFreeze: ctx && frozen ? freezeOverridePermission(viewer, ctx, state) : no("No freeze holds it."),
      nudge: nudgePermission(viewer, waiting && ctx ? gates : null, state),
    },
  };
}

/** DTOs for promotion rows, with live gate evaluations for the waiting ones. */
export async function toPromotionDtos(client: Client, rows: PromotionRow[], viewer: Actor): Promise<PromotionDto[]> {
  const contexts = await gateContexts(
    client,
    rows.filter((row) => isWaiting(row.status)),
  );
  return rows.map((row) => toPromotionDto(row, contexts.get(row.id), viewer));
}

export async function getPromotion(id: string, viewer: Actor, client: Client = db()): Promise<PromotionDto> {
  const row = isUuid(id) ? await loadPromotionRow(client, id) : null;
  if (!row) throw new NotFound("Promotion");
  const [dto] = await toPromotionDtos(client, [row], viewer);
  return dto!;
}
