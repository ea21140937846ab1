import "server-only";
import { randomUUID } from "node:crypto";
import { automationActor, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { transaction } from "@/lib/db/transaction";
import { db, type Tx } from "@/lib/db/client";
import { execute, readRows } from "@/lib/db/sql";
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import { Prisma } from "@/lib/generated/prisma/client";
import { Conflict, Forbidden, NotFound } from "@/lib/http/errors";
import { notifyChange } from "@/lib/realtime/notify";
import { isUuid, parseInput } from "@/lib/http/validation";
import { enqueueDeployment, enqueueEvent, promotionData } from "@/lib/webhooks/outbox";
import { gateContexts, loadPromotionRow, loadPromotionRows, type PromotionRow } from "./context";
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
import { notifyDecided, notifyWaiting } from "./notifications";
import { getPromotion, requesterName } from "./queries";
import {
  approveSchema,
  cancelSchema,
  overrideFreezeSchema,
  rejectSchema,
  reportSchema,
  requestPromotionSchema,
  type PromotionDto,
} from "./schemas";
import { isWaiting, transition, type PromotionEvent } from "./states";

// Long enough for many requests queueing on one environment's lock (PGlite runs one at a time).
const TX = { maxWait: 60_000, timeout: 60_000 } as const;
const WAITING: DeploymentStatus[] = ["REQUESTED", "AWAITING_GATES"];

/**
 * Every change to an environment's promotions holds that environment's row lock until commit,
 * so concurrent approvals, rejections and promotions are applied one after the other and the
 * last approval starts exactly one deployment. Several environments are locked in pipeline order.
 */
async function lockEnvironment(tx: Tx, environmentId: string): Promise<void> {
  await readRows(Prisma.sql`select 1 from "Environment" where "id" = ${environmentId}::uuid for update`, tx);
}

function json(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

const label = (row: { number: number }) => `Promotion #${row.number}`;

function requireTransition(row: PromotionRow, event: PromotionEvent): DeploymentStatus {
  const result = transition(row.status, event, label(row));
  if (!result.ok) throw new Conflict(result.reason);
  return result.to;
}

function auditPromotion(
  tx: Tx,
  actor: Actor,
  row: PromotionRow,
  action: string,
  reason?: string | null,
  after: Record<string, unknown> = {},
) {
  return recordAudit(tx, actor, {
    action,
    objectType: "deployment",
    objectId: row.id,
    projectId: row.projectId,
    reason: reason ?? null,
    after: { number: row.number, version: row.release.version, releaseId: row.releaseId, environment: row.environment.name, ...after },
  });
}

function notifyPromotion(tx: Tx, row: PromotionRow) {
  return notifyChange(tx, {
    projectId: row.projectId,
    projectSlug: row.project.slug,
    topics: ["board", "inbox", "releases", `release:${row.releaseId}`],
  });
}

async function loadRow(tx: Tx, id: string): Promise<PromotionRow> {
  const row = await loadPromotionRow(tx, id);
  if (!row) throw new NotFound("Promotion");
  return row;
}

/** Re-evaluates a waiting promotion's gates; moves it to approved when they all pass. */
async function settle(tx: Tx, actor: Actor, id: string, loaded?: PromotionRow): Promise<void> {
  const row = loaded ?? (await loadRow(tx, id));
  if (!isWaiting(row.status)) return;
  const ctx = (await gateContexts(tx, [row])).get(id)!;
  const evaluation = evaluateGates(ctx);
  if (evaluation.passed) {
    const status = requireTransition(row, "approve");
    // Raw statements here: every change settles what waits.
    const now = new Date();
    await execute(
      Prisma.sql`
      update "Deployment" set status = ${status}::"DeploymentStatus", "decidedAt" = ${now}, "gateEvaluation" = ${JSON.stringify(evaluation)}::jsonb,
                              "updatedAt" = ${now}
      where id = ${id}::uuid`,
      tx,
    );
    await auditPromotion(tx, actor, row, "deployment.approved", null, { gates: evaluation.gates.map((g) => `${g.title}: ${g.summary}`) });
    await enqueueEvent(tx, row.projectId, "promotion.approved", promotionData(row.project.slug, { ...row, status }, actor.label));
    await notifyDecided(tx, actor, row, { kind: "approved" });
    const signOff = evaluation.gates.find((g) => g.kind === "sign-off" && g.status === "passed" && g.summary.startsWith("signed off by "));
    await enqueueDeployment(
      tx,
      row.projectId,
      { ...row, status },
      {
        actor: actor.label,
        requestedBy: requesterName(row),
        approvals: row.approvals
          .filter((a) => a.decision === "APPROVE")
          .map((a) => ({ name: a.member.name, email: a.member.email, at: a.createdAt.toISOString(), comment: a.comment })),
        signOff: signOff ? signOff.summary.replace(/^signed off by /, "") : null,
      },
    );
  } else {
    const status = row.status === "REQUESTED" ? requireTransition(row, "wait") : row.status;
    await execute(
      Prisma.sql`
      update "Deployment" set status = ${status}::"DeploymentStatus", "gateEvaluation" = ${JSON.stringify(evaluation)}::jsonb, "updatedAt" = ${new Date()}
      where id = ${id}::uuid`,
      tx,
    );
    const approvals = evaluation.gates.find((gate) => gate.kind === "approvals");
    if (row.status === "REQUESTED" && approvals && approvals.status !== "passed") {
      await enqueueEvent(
        tx,
        row.projectId,
        "promotion.awaiting_approval",
        promotionData(row.project.slug, { ...row, status }, actor.label, approvals.waitingOn ?? approvals.summary),
      );
    }
    if (row.status === "REQUESTED") await notifyWaiting(tx, actor, row, evaluation);
  }
}

/** Settles the promotion waiting in an environment, if any (at most one waits). */
export async function settleWaiting(tx: Tx, actor: Actor, environmentId: string): Promise<void> {
  const waiting = await tx.deployment.findFirst({ where: { environmentId, status: { in: WAITING } }, select: { id: true } });
  if (waiting) await settle(tx, actor, waiting.id);
}

type NewPromotion = {
  projectId: string;
  environmentId: string;
  releaseId: string;
  isRollback: boolean;
  reason?: string;
};

type Known = {
  release?: { id: string; version: string; createdAt: Date; abandonedAt: Date | null };
  environment?: { id: string; name: string };
};

/** Creates a promotion (the environment is locked by the caller) and settles it. */
async function createPromotion(tx: Tx, actor: Actor, input: NewPromotion, known: Known = {}): Promise<string> {
  const release = known.release ?? (await tx.release.findUniqueOrThrow({ where: { id: input.releaseId } }));
  const environment = known.environment ?? (await tx.environment.findUniqueOrThrow({ where: { id: input.environmentId } }));
  const where = `${release.version} → ${environment.name}`;
  if (release.abandonedAt)
    throw new Conflict(`${release.version} was abandoned: register a new release instead.`, [
      { field: "release", message: "This release was abandoned" },
    ]);

  // What the environment holds now, in one statement: what runs, what is open, what waits.
  const live = await readRows<{
    id: string;
    number: number;
    status: DeploymentStatus;
    releaseId: string;
    projectId: string;
    requestedById: string | null;
    version: string;
    releaseCreatedAt: Date;
  }>(
    Prisma.sql`
    select d.id, d.number, d.status::text as status, d."releaseId", d."projectId", d."requestedById", r.version, r."createdAt" as "releaseCreatedAt"
    from "Deployment" d join "Release" r on r.id = d."releaseId"
    where d."environmentId" = ${environment.id}::uuid
      and d.status in ('REQUESTED', 'AWAITING_GATES', 'APPROVED', 'DEPLOYING', 'SUCCEEDED')`,
    tx,
  );
  const current = live.find((d) => d.status === "SUCCEEDED");
  const open = live.find((d) => d.releaseId === release.id && d.status !== "SUCCEEDED");
  if (open) throw new Conflict(`${where} is already requested as #${open.number}.`);
  if (current?.releaseId === release.id) throw new Conflict(`${release.version} is already running in ${environment.name}.`);
  if (input.isRollback) {
    const ranHere = await tx.deployment.findFirst({
      where: { environmentId: environment.id, releaseId: release.id, succeededAt: { not: null } },
      select: { id: true },
    });
    if (!ranHere)
      throw new Conflict(`${release.version} never ran in ${environment.name}: a rollback returns to a release that did.`, [
        { field: "release", message: `Never ran in ${environment.name}` },
      ]);
  } else if (current && current.releaseCreatedAt > release.createdAt) {
    throw new Conflict(
      `${release.version} is older than ${current.version}, which runs in ${environment.name}: roll back instead, giving a reason.`,
      [{ field: "release", message: `Older than ${current.version} running in ${environment.name}` }],
    );
  }

  const id = randomUUID();
  const superseded = live.filter((d) => isWaiting(d.status));
  for (const old of superseded) {
    const oldLabel = { number: old.number };
    const moved = transition(old.status, "supersede", label(oldLabel));
    if (!moved.ok) throw new Conflict(moved.reason);
    const now = new Date();
    await execute(
      Prisma.sql`
      update "Deployment" set status = ${moved.to}::"DeploymentStatus", "supersededById" = null, "finishedAt" = ${now},
                              "statusMessage" = ${`Replaced by a newer request for ${release.version}`}, "updatedAt" = ${now}
      where id = ${old.id}::uuid`,
      tx,
    );
    await recordAudit(tx, actor, {
      action: "deployment.superseded",
      objectType: "deployment",
      objectId: old.id,
      projectId: old.projectId,
      reason: `replaced by a newer request for ${release.version}`,
      after: { number: old.number, version: old.version, releaseId: old.releaseId, environment: environment.name },
    });
  }

  // The project's next deployment number and the new row, in one statement.
  const now = new Date();
  await execute(
    Prisma.sql`
    with seq as (update "Project" set "deploySeq" = "deploySeq" + 1 where id = ${input.projectId}::uuid returning "deploySeq")
    insert into "Deployment" (id, "projectId", number, "environmentId", "releaseId", status, "isRollback", reason,
                              "requestedByKind", "requestedById", "requestedByTokenId", "createdAt", "updatedAt")
    select ${id}::uuid, ${input.projectId}::uuid, seq."deploySeq", ${environment.id}::uuid, ${release.id}::uuid, 'REQUESTED',
           ${input.isRollback}, ${input.reason ?? null}, ${actor.kind}::"ActorKind", ${actor.kind === "MEMBER" ? actor.id : null}::uuid,
           ${actor.kind === "TOKEN" ? actor.id : null}::uuid, ${now}, ${now}
    from seq`,
    tx,
  );
  if (superseded.length > 0)
    await execute(
      Prisma.sql`
      update "Deployment" set "supersededById" = ${id}::uuid, "updatedAt" = ${new Date()} where id = any(${superseded.map((s) => s.id)}::uuid[])`,
      tx,
    );
  const row = await loadRow(tx, id);
  await auditPromotion(tx, actor, row, input.isRollback ? "deployment.rollback_requested" : "deployment.requested", input.reason, {
    rollback: input.isRollback,
  });
  for (const old of superseded)
    await notifyDecided(
      tx,
      actor,
      { projectId: old.projectId, project: row.project, release: { version: old.version }, environment, requestedById: old.requestedById },
      { kind: "superseded", by: `a newer request for ${release.version}` },
    );
  await settle(tx, actor, id, row);
  await notifyPromotion(tx, row);
  return id;
}

/** After a success: the next environment promotes automatically, or re-checks what waits there. */
async function afterSuccess(tx: Tx, row: PromotionRow): Promise<void> {
  const next = await tx.environment.findFirst({
    where: { projectId: row.projectId, position: { gt: row.environment.position } },
    orderBy: { position: "asc" },
  });
  if (!next) return;
  await lockEnvironment(tx, next.id);
  if (next.autoPromote && !row.isRollback) {
    const there = await tx.deployment.findFirst({
      where: { environmentId: next.id, releaseId: row.releaseId, status: { in: [...WAITING, "APPROVED", "DEPLOYING", "SUCCEEDED"] } },
    });
    const current = await tx.deployment.findFirst({ where: { environmentId: next.id, status: "SUCCEEDED" }, include: { release: true } });
    const release = await tx.release.findUniqueOrThrow({ where: { id: row.releaseId } });
    if (!there && !release.abandonedAt && !(current && current.release.createdAt > release.createdAt)) {
      await createPromotion(tx, automationActor, {
        projectId: row.projectId,
        environmentId: next.id,
        releaseId: row.releaseId,
        isRollback: false,
      });
      return;
    }
  }
  await settleWaiting(tx, automationActor, next.id);
}

/** Requests the first environment's promotion of a new release, when it promotes automatically. */
export async function promoteNewRelease(
  tx: Tx,
  projectId: string,
  release: { id: string; version: string; createdAt: Date; abandonedAt: Date | null },
): Promise<void> {
  const [first] = await readRows<{ id: string; name: string; autoPromote: boolean }>(
    Prisma.sql`
    select id, name, "autoPromote" from "Environment" where "projectId" = ${projectId}::uuid order by position limit 1 for update`,
    tx,
  );
  if (!first?.autoPromote) return;
  await createPromotion(
    tx,
    automationActor,
    { projectId, environmentId: first.id, releaseId: release.id, isRollback: false },
    {
      release,
      environment: first,
    },
  );
}

// --- The operations people and pipelines call -------------------------------------------

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
  const id = await transaction(async (tx) => {
    await lockEnvironment(tx, environment.id);
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
    return createPromotion(tx, actor, {
      projectId: project.id,
      environmentId: environment.id,
      releaseId: release.id,
      isRollback: input.rollback,
      reason: input.reason,
    });
  }, TX);
  return getPromotion(id, actor);
}

/**
 * Whether a release's latest deployment to an environment was rolled back there: it succeeded and
 * then a rollback (a promotion of an older release) replaced it. Who rolled it back, and why.
 */
export async function rolledBackFrom(
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

async function withPromotion<T>(id: string, work: (tx: Tx, row: PromotionRow) => Promise<T>): Promise<T> {
  const head = isUuid(id) ? await db().deployment.findUnique({ where: { id }, select: { environmentId: true } }) : null;
  if (!head) throw new NotFound("Promotion");
  return transaction(async (tx) => {
    await lockEnvironment(tx, head.environmentId);
    return work(tx, await loadRow(tx, id));
  }, TX);
}

/** Approves or rejects. A repeated identical decision (a double click) changes nothing. */
async function decide(actor: Actor, id: string, decision: "APPROVE" | "REJECT", comment: string | undefined): Promise<PromotionDto> {
  await withPromotion(id, async (tx, row) => {
    const mine = row.approvals.find((approval) => approval.memberId === actor.id);
    if (mine) {
      if (mine.decision === decision) return;
      throw new Conflict(mine.decision === "APPROVE" ? "You already approved it." : "You already rejected it.");
    }
    requireTransition(row, "vote");
    const ctx = (await gateContexts(tx, [row])).get(row.id)!;
    const state = { status: row.status, requestedById: row.requestedById, requestedByKind: row.requestedByKind };
    const permission = decision === "APPROVE" ? approvalPermission(actor, ctx, state) : rejectPermission(actor, ctx, state);
    if (!permission.allowed) throw new Forbidden(permission.reason);
    await tx.approval.create({
      data: { deploymentId: row.id, memberId: actor.id!, decision, comment: comment ?? null, roles: [...actor.roles] },
    });
    if (decision === "REJECT") {
      const evaluation = evaluateGates(ctx);
      await tx.deployment.update({
        where: { id: row.id },
        data: {
          status: requireTransition(row, "reject"),
          decidedAt: new Date(),
          finishedAt: new Date(),
          gateEvaluation: json(evaluation),
        },
      });
      await auditPromotion(tx, actor, row, "deployment.rejected", comment);
      await enqueueEvent(
        tx,
        row.projectId,
        "promotion.rejected",
        promotionData(row.project.slug, { ...row, status: "REJECTED" }, actor.label, comment),
      );
      await notifyDecided(tx, actor, row, { kind: "rejected", message: comment });
    } else {
      await auditPromotion(tx, actor, row, "deployment.approval_given", comment, { roles: actor.roles });
      await settle(tx, actor, row.id);
    }
    await notifyPromotion(tx, row);
  });
  return getPromotion(id, actor);
}

export async function approvePromotion(actor: Actor, id: string, raw: unknown): Promise<PromotionDto> {
  return decide(actor, id, "APPROVE", parseInput(approveSchema, raw ?? {}).comment);
}

export async function rejectPromotion(actor: Actor, id: string, raw: unknown): Promise<PromotionDto> {
  return decide(actor, id, "REJECT", parseInput(rejectSchema, raw ?? {}).comment);
}

export async function cancelPromotion(actor: Actor, id: string, raw: unknown): Promise<PromotionDto> {
  const { reason } = parseInput(cancelSchema, raw ?? {});
  await withPromotion(id, async (tx, row) => {
    if (row.status === "CANCELLED") return;
    const permission = cancelPermission(actor, row);
    if (!permission.allowed) {
      const state = transition(row.status, "cancel", label(row));
      throw state.ok ? new Forbidden(permission.reason) : new Conflict(state.reason);
    }
    await tx.deployment.update({
      where: { id: row.id },
      data: { status: requireTransition(row, "cancel"), finishedAt: new Date(), statusMessage: reason ?? null },
    });
    await auditPromotion(tx, actor, row, "deployment.cancelled", reason);
    // A cancelled approved promotion frees the environment for the one waiting behind it.
    if (row.status === "APPROVED") await settleWaiting(tx, actor, row.environmentId);
    await notifyPromotion(tx, row);
  });
  return getPromotion(id, actor);
}

/** A deployment that failed: recorded, announced, and the environment freed for what waits. */
async function failDeployment(
  tx: Tx,
  actor: Actor,
  row: PromotionRow,
  message: string | null,
  extra: Prisma.DeploymentUpdateInput = { statusMessage: message },
) {
  const now = new Date();
  const status = requireTransition(row, "fail");
  await tx.deployment.update({ where: { id: row.id }, data: { ...extra, status, startedAt: row.startedAt ?? now, finishedAt: now } });
  await auditPromotion(tx, actor, row, "deployment.failed", message);
  await enqueueEvent(tx, row.projectId, "deployment.failed", promotionData(row.project.slug, { ...row, status }, actor.label, message));
  await notifyDecided(tx, actor, row, { kind: "failed", message });
  await settleWaiting(tx, actor, row.environmentId);
}

/** The deploy hook reached the deployer (2xx), or the git commit was pushed: under way until reported. */
export async function deployHookDelivered(id: string, what: string): Promise<void> {
  await withPromotion(id, async (tx, row) => {
    if (row.status !== "APPROVED") return;
    await tx.deployment.update({
      where: { id },
      data: { status: requireTransition(row, "start"), startedAt: new Date(), statusMessage: what },
    });
    await auditPromotion(tx, automationActor, row, "deployment.started", what);
    await notifyPromotion(tx, row);
  });
}

/** The deploy hook (or git commit) could not be delivered: nobody is deploying, so it failed. */
export async function deployHookUndeliverable(id: string, message: string): Promise<void> {
  await withPromotion(id, async (tx, row) => {
    if (row.status !== "APPROVED") return;
    await failDeployment(tx, automationActor, row, message);
    await notifyPromotion(tx, row);
  });
}

const reportEvents = { deploying: "start", succeeded: "succeed", failed: "fail" } as const;
const reportStatus = { deploying: "DEPLOYING", succeeded: "SUCCEEDED", failed: "FAILED" } as const;

/** The deployer's report (a person for manual targets; CI through the API later). Repeats are no-ops. */
export async function reportDeployment(actor: Actor, id: string, raw: unknown): Promise<PromotionDto> {
  const input = parseInput(reportSchema, raw);
  await withPromotion(id, async (tx, row) => {
    if (!canReport(actor)) throw new Forbidden("Only ops report how a deployment went.");
    if (row.status === reportStatus[input.status]) return;
    const to = requireTransition(row, reportEvents[input.status]);
    const permission = reportPermission(actor, { ...row, deployTarget: row.environment.deployTarget });
    if (!permission.allowed) throw new Forbidden(permission.reason);
    const now = new Date();
    const common = {
      statusMessage: input.message ?? row.statusMessage,
      externalUrl: input.url ?? row.externalUrl,
    };
    if (to === "DEPLOYING") {
      await tx.deployment.update({ where: { id: row.id }, data: { ...common, status: to, startedAt: now } });
      await auditPromotion(tx, actor, row, "deployment.started", input.message);
    } else if (to === "FAILED") {
      await failDeployment(tx, actor, row, input.message ?? null, common);
    } else {
      const [previous] = await loadPromotionRows(tx, { environmentId: row.environmentId, status: "SUCCEEDED" });
      if (previous) {
        await tx.deployment.update({
          where: { id: previous.id },
          data: { status: requireTransition(previous, "supersede"), supersededById: row.id },
        });
        await auditPromotion(tx, actor, previous, "deployment.superseded", `${row.release.version} now runs in ${row.environment.name}`);
        await notifyDecided(tx, actor, previous, { kind: row.isRollback ? "rolled back" : "superseded", by: row.release.version });
      }
      await tx.deployment.update({
        where: { id: row.id },
        data: { ...common, status: to, startedAt: row.startedAt ?? now, finishedAt: now, succeededAt: now },
      });
      await auditPromotion(tx, actor, row, row.isRollback ? "deployment.rolled_back" : "deployment.succeeded", input.message, {
        rollback: row.isRollback,
      });
      await enqueueEvent(
        tx,
        row.projectId,
        "deployment.succeeded",
        promotionData(row.project.slug, { ...row, status: to }, actor.label, input.message),
      );
      await settleWaiting(tx, actor, row.environmentId);
      await afterSuccess(tx, row);
    }
    await notifyPromotion(tx, row);
  });
  return getPromotion(id, actor);
}

/** An admin lets one promotion through a freeze, saying why. */
export async function overrideFreeze(actor: Actor, id: string, raw: unknown): Promise<PromotionDto> {
  const { reason } = parseInput(overrideFreezeSchema, raw);
  await withPromotion(id, async (tx, row) => {
    const ctx = (await gateContexts(tx, [row])).get(row.id)!;
    const permission = freezeOverridePermission(actor, ctx, row);
    if (!permission.allowed) throw isWaiting(row.status) ? new Forbidden(permission.reason) : new Conflict(permission.reason);
    await tx.deployment.update({
      where: { id: row.id },
      data: { freezeOverrideById: actor.id, freezeOverrideNote: reason },
    });
    await auditPromotion(tx, actor, row, "deployment.freeze_overridden", reason);
    await settle(tx, actor, row.id);
    await notifyPromotion(tx, row);
  });
  return getPromotion(id, actor);
}

/** After QA signs a run off: promotions of that release waiting on that sign-off are re-checked. */
export async function settleAfterSignOff(tx: Tx, actor: Actor, releaseId: string, signedEnvironmentId: string): Promise<void> {
  const waiting = await tx.deployment.findMany({
    where: { releaseId, status: { in: WAITING }, environment: { signOffEnvironmentId: signedEnvironmentId } },
    include: { environment: { select: { position: true } } },
  });
  for (const promotion of waiting.sort((a, b) => a.environment.position - b.environment.position)) {
    await lockEnvironment(tx, promotion.environmentId);
    await settle(tx, actor, promotion.id);
    await notifyPromotion(tx, await loadRow(tx, promotion.id));
  }
}

/** Re-checks every waiting promotion (a freeze may have ended); run by the server's ticker. */
export async function settleAllWaiting(): Promise<number> {
  const waiting = await db().deployment.findMany({ where: { status: { in: WAITING } }, select: { id: true, environmentId: true } });
  let approved = 0;
  for (const { id, environmentId } of waiting) {
    const status = await transaction(async (tx) => {
      await lockEnvironment(tx, environmentId);
      await settle(tx, automationActor, id);
      const row = await loadRow(tx, id);
      if (row.status === "APPROVED") await notifyPromotion(tx, row);
      return row.status;
    }, TX);
    if (status === "APPROVED") approved++;
  }
  return approved;
}
