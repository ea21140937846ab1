// The operations people and pipelines call on promotions (behind the API handlers): request,
// approve, reject, cancel, report, override a freeze. Each runs under its environment's lock,
// reads its promotion once and answers from the row the workflow (./workflow.ts) leaves.
import { Prisma } from "@/lib/generated/prisma/client";
import "server-only";
import { automationActor, causeName, type Actor } from "@/lib/auth/actor";
import { LONG_CHANGE, transaction } from "@/lib/db/transaction";
import { db, type Tx } from "@/lib/db/client";
import { Conflict, Forbidden, NotFound } from "@/lib/http/errors";
import { isUuid, parseInput } from "@/lib/http/validation";
import { enqueueEvent, promotionData } from "@/lib/webhooks/outbox";
import { gateContexts, loadPromotionRows, promotionFacts, votesOf, type PromotionRow } from "./context";
import { evaluateGates } from "./gates";
import {
  approvalPermission,
  canReport,
  canRequestPromotion,
  canRollback,
  cancelPermission,
  freezeOverridePermission,
  rejectPermission,
  reportPermission,
} from "./policy";
import { askingDone, notifyDecided } from "./notifications";
import { toPromotionDto, toPromotionDtos } from "./queries";
import {
  approveSchema,
  cancelSchema,
  overrideFreezeSchema,
  rejectSchema,
  reportSchema,
  requestPromotionSchema,
  type PromotionDto,
} from "./schemas";
import { isWaiting, transition } from "./states";
import {
  afterSuccess,
  auditPromotion,
  createPromotion,
  failDeployment,
  json,
  lockEnvironment,
  notifyPromotion,
  requireTransition,
  settle,
  settleWaiting,
  withPromotion,
} from "./workflow";

/** The promotion as `viewer` sees it, from a row read in this transaction. */
async function dtoOf(tx: Tx, row: PromotionRow, viewer: Actor): Promise<PromotionDto> {
  const [dto] = await toPromotionDtos(tx, [row], viewer);
  return dto!;
}

/** Promotes a release (by version or id) into an environment (by name or id) of a project. */
export async function requestPromotion(actor: Actor, projectSlug: string, raw: unknown): Promise<PromotionDto> {
  const input = parseInput(requestPromotionSchema, raw);
  if (!canRequestPromotion(actor)) throw new Forbidden("Only developers and ops request promotions.");
  if (input.rollback && !canRollback(actor)) throw new Forbidden("Only ops roll back.");
  const project = await db().project.findFirst({ where: { slug: projectSlug, archivedAt: null } });
  if (!project) throw new NotFound("Project");
  const release = await db().release.findFirst({
    where: { projectId: project.id, OR: [{ version: input.release }, ...(isUuid(input.release) ? [{ id: input.release }] : [])] },
  });
  if (!release) throw new NotFound(`Release ${input.release}`);
  const environment = await db().environment.findFirst({
    where: { projectId: project.id, OR: [{ name: input.environment }, ...(isUuid(input.environment) ? [{ id: input.environment }] : [])] },
  });
  if (!environment) throw new NotFound(`Environment ${input.environment}`);
  return transaction(async (tx) => {
    await lockEnvironment(tx, environment.id);
    // Read again under the lock: an abandon commits only while holding every environment's lock.
    const current = await tx.release.findUniqueOrThrow({ where: { id: release.id } });
    if (!input.rollback && !input.confirmRolledBack) {
      const rolledBack = await rolledBackFrom(tx, release.id, environment.id);
      if (rolledBack) {
        const what = `${release.version} was rolled back from ${environment.name}${rolledBack.by ? ` by ${rolledBack.by}` : ""}${rolledBack.reason ? `: ${rolledBack.reason}` : ""}.`;
        throw new Conflict(
          `${what} Promote it there again only once that is fixed: confirm with confirmRolledBack: true (CLI: --confirm-rolled-back).`,
          [{ field: "confirmRolledBack", message: `${what} Promote it there again?` }],
        );
      }
    }
    const { row, ctx } = await createPromotion(
      tx,
      actor,
      { projectId: project.id, environmentId: environment.id, releaseId: release.id, isRollback: input.rollback, reason: input.reason },
      { release: current, environment },
    );
    return toPromotionDto(row, ctx, actor);
  }, LONG_CHANGE);
}

/**
 * Whether a release's latest deployment to an environment was rolled back there: it succeeded and
 * then a rollback (a promotion of an older release) replaced it. Who rolled it back, and why.
 */
async function rolledBackFrom(
  tx: Tx,
  releaseId: string,
  environmentId: string,
): Promise<{ by: string | null; reason: string | null } | null> {
  const latest = await tx.deployment.findFirst({
    where: { releaseId, environmentId, status: { in: ["SUCCEEDED", "SUPERSEDED"] } },
    orderBy: { number: "desc" },
    select: { status: true, supersededBy: { select: { isRollback: true, reason: true, requestedBy: { select: { name: true } } } } },
  });
  if (latest?.status !== "SUPERSEDED" || !latest.supersededBy?.isRollback) return null;
  return { by: latest.supersededBy.requestedBy?.name ?? null, reason: latest.supersededBy.reason };
}

/** Approves or rejects. A repeated identical decision (a double click) changes nothing. */
async function decide(actor: Actor, id: string, decision: "APPROVE" | "REJECT", comment: string | undefined): Promise<PromotionDto> {
  return withPromotion(id, async (tx, row) => {
    const mine = row.approvals.find((approval) => approval.memberId === actor.id);
    if (mine) {
      if (mine.decision === decision) return dtoOf(tx, row, actor);
      throw new Conflict(mine.decision === "APPROVE" ? "You already approved it." : "You already rejected it.");
    }
    requireTransition(row, "vote");
    const ctx = (await gateContexts(tx, [row])).get(row.id)!;
    const state = { status: row.status, requestedById: row.requestedById, requestedByKind: row.requestedByKind };
    const permission = decision === "APPROVE" ? approvalPermission(actor, ctx, state) : rejectPermission(actor, ctx, state);
    if (!permission.allowed) throw new Forbidden(permission.reason);
    const approval = await tx.approval.create({
      data: { deploymentId: row.id, memberId: actor.id!, decision, comment: comment ?? null, roles: [...actor.roles] },
      include: { member: { select: { name: true, email: true, roles: true, deactivatedAt: true } } },
    });
    const voted: PromotionRow = { ...row, approvals: [...row.approvals, approval] };
    if (decision === "REJECT") {
      const now = new Date();
      const data = { status: requireTransition(row, "reject"), decidedAt: now, finishedAt: now, gateEvaluation: json(evaluateGates(ctx)) };
      await tx.deployment.update({ where: { id: row.id }, data });
      const rejected: PromotionRow = { ...voted, ...data };
      await auditPromotion(tx, actor, row, "deployment.rejected", comment);
      await enqueueEvent(tx, row.projectId, "promotion.rejected", promotionData(row.project.slug, rejected, actor.label, comment));
      await notifyDecided(tx, actor, row, { kind: "rejected", message: comment });
      await askingDone(tx, { id: row.projectId, slug: row.project.slug }, [row.id]);
      await notifyPromotion(tx, row);
      return toPromotionDto(rejected, undefined, actor);
    }
    await auditPromotion(tx, actor, row, "deployment.approval_given", comment, { roles: actor.roles });
    // The approver's own request to approve is answered, whether or not more approvals are needed.
    await askingDone(tx, { id: row.projectId, slug: row.project.slug }, [row.id], actor.id!);
    // The gate context changes by this vote only: the rest was read under the same lock.
    const settled = await settle(tx, actor, voted, { ...ctx, votes: votesOf(voted) });
    await notifyPromotion(tx, row);
    return toPromotionDto(settled.row, settled.ctx, actor);
  });
}

export async function approvePromotion(actor: Actor, id: string, raw: unknown): Promise<PromotionDto> {
  return decide(actor, id, "APPROVE", parseInput(approveSchema, raw ?? {}).comment);
}

export async function rejectPromotion(actor: Actor, id: string, raw: unknown): Promise<PromotionDto> {
  return decide(actor, id, "REJECT", parseInput(rejectSchema, raw ?? {}).comment);
}

export async function cancelPromotion(actor: Actor, id: string, raw: unknown): Promise<PromotionDto> {
  const { reason } = parseInput(cancelSchema, raw ?? {});
  return withPromotion(id, async (tx, row) => {
    if (row.status === "CANCELLED") return dtoOf(tx, row, actor);
    const permission = cancelPermission(actor, row);
    if (!permission.allowed) {
      const state = transition(row.status, "cancel", `Promotion #${row.number}`);
      throw state.ok ? new Forbidden(permission.reason) : new Conflict(state.reason);
    }
    const data = { status: requireTransition(row, "cancel"), finishedAt: new Date(), statusMessage: reason ?? null };
    await tx.deployment.update({ where: { id: row.id }, data });
    await auditPromotion(tx, actor, row, "deployment.cancelled", reason);
    await askingDone(tx, { id: row.projectId, slug: row.project.slug }, [row.id]);
    // A cancelled approved promotion frees the environment for the one waiting behind it.
    if (row.status === "APPROVED") await settleWaiting(tx, actor, row.environmentId);
    await notifyPromotion(tx, row);
    return toPromotionDto({ ...row, ...data }, undefined, actor);
  });
}

const reportEvents = { deploying: "start", succeeded: "succeed", failed: "fail" } as const;
const reportStatus = { deploying: "DEPLOYING", succeeded: "SUCCEEDED", failed: "FAILED" } as const;

/** The deployer's report (a person for manual targets; CI through the API later). Repeats are no-ops. */
export async function reportDeployment(actor: Actor, id: string, raw: unknown): Promise<PromotionDto> {
  const input = parseInput(reportSchema, raw);
  return withPromotion(id, async (tx, row) => {
    if (!canReport(actor)) throw new Forbidden("Only ops report how a deployment went.");
    if (row.status === reportStatus[input.status]) return dtoOf(tx, row, actor);
    const to = requireTransition(row, reportEvents[input.status]);
    const permission = reportPermission(actor, { ...row, deployTarget: row.environment.deployTarget });
    if (!permission.allowed) throw new Forbidden(permission.reason);
    const now = new Date();
    const common = {
      statusMessage: input.message ?? row.statusMessage,
      externalUrl: input.url ?? row.externalUrl,
    };
    let reported: PromotionRow;
    if (to === "DEPLOYING") {
      const data = { ...common, status: to, startedAt: now };
      await tx.deployment.update({ where: { id: row.id }, data });
      reported = { ...row, ...data };
      await auditPromotion(tx, actor, row, "deployment.started", input.message);
    } else if (to === "FAILED") {
      reported = await failDeployment(tx, actor, row, input.message ?? null, common);
    } else {
      const [previous] = await loadPromotionRows(tx, Prisma.sql`d."environmentId" = ${row.environmentId}::uuid and d.status = 'SUCCEEDED'`);
      if (previous) {
        await tx.deployment.update({
          where: { id: previous.id },
          data: { status: requireTransition(previous, "supersede"), supersededById: row.id },
        });
        // Shiproom supersedes what ran before, on the reported success.
        await auditPromotion(
          tx,
          automationActor,
          previous,
          "deployment.superseded",
          `${row.release.version} now runs in ${row.environment.name}`,
          { cause: causeName(actor), ...(row.isRollback ? { rolledBackTo: row.release.version } : {}) },
        );
        // A rollback takes the requester's release out; a newer release replacing one that ran is
        // the pipeline's everyday course, not news to whoever asked for the old one.
        if (row.isRollback) await notifyDecided(tx, actor, previous, { kind: "rolled back", by: row.release.version });
      }
      const data = { ...common, status: to, startedAt: row.startedAt ?? now, finishedAt: now, succeededAt: now };
      await tx.deployment.update({ where: { id: row.id }, data });
      reported = { ...row, ...data };
      await auditPromotion(tx, actor, row, row.isRollback ? "deployment.rolled_back" : "deployment.succeeded", input.message, {
        rollback: row.isRollback,
      });
      await enqueueEvent(tx, row.projectId, "deployment.succeeded", promotionData(row.project.slug, reported, actor.label, input.message));
      await settleWaiting(tx, actor, row.environmentId);
      await afterSuccess(tx, actor, row);
    }
    await notifyPromotion(tx, row);
    return toPromotionDto(reported, undefined, actor);
  });
}

/** An admin lets one promotion through a freeze, saying why. */
export async function overrideFreeze(actor: Actor, id: string, raw: unknown): Promise<PromotionDto> {
  const { reason } = parseInput(overrideFreezeSchema, raw);
  return withPromotion(id, async (tx, row) => {
    const ctx = (await gateContexts(tx, [row])).get(row.id)!;
    const permission = freezeOverridePermission(actor, ctx, row);
    if (!permission.allowed) throw isWaiting(row.status) ? new Forbidden(permission.reason) : new Conflict(permission.reason);
    const { freezeOverrideBy } = await tx.deployment.update({
      where: { id: row.id },
      data: { freezeOverrideById: actor.id, freezeOverrideNote: reason },
      select: { freezeOverrideBy: { select: { name: true } } },
    });
    const overridden: PromotionRow = { ...row, freezeOverrideById: actor.id, freezeOverrideNote: reason, freezeOverrideBy };
    await auditPromotion(tx, actor, row, "deployment.freeze_overridden", reason);
    const settled = await settle(tx, actor, overridden, { ...ctx, promotion: promotionFacts(overridden) });
    await notifyPromotion(tx, row);
    return toPromotionDto(settled.row, settled.ctx, actor);
  });
}
