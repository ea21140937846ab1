// The promotion workflow's orchestration, in one place: settle (re-evaluate a waiting promotion's
// gates and approve it when they pass), create (request a promotion, superseding what waits) and
// after success (the next environment promotes automatically or re-checks what waits there).
//
// Who calls it: the operations people and pipelines call (./mutations.ts, behind the API
// handlers), releases (a new release lands in the first environment), environments and the
// pipeline (a changed policy re-checks what waits), QA sign-off, the webhook dispatcher (a deploy
// hook delivered or not) and the server's ticker (a freeze ended).
//
// The rules every step here keeps:
// - Every change to an environment's promotions holds that environment's row lock until commit
//   (lockEnvironment), so concurrent changes are applied one after the other and the last
//   approval starts exactly one deployment. Several environments are locked in pipeline order.
// - A decision reads its promotion once, under the lock, and carries the row (and the gate
//   context computed for it) through each step: settle returns the row as it now stands, from
//   which the caller answers without reading it again.
import "server-only";
import { randomUUID } from "node:crypto";
import { automationActor, causeName, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { LONG_CHANGE, transaction } from "@/lib/db/transaction";
import { db, type Tx } from "@/lib/db/client";
import { execute, readRows } from "@/lib/db/sql";
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import { Prisma } from "@/lib/generated/prisma/client";
import { Conflict, NotFound } from "@/lib/http/errors";
import { isUuid } from "@/lib/http/validation";
import { notifyChange } from "@/lib/realtime/notify";
import { enqueueDeployment, enqueueEvent, promotionData } from "@/lib/webhooks/outbox";
import { gateContexts, loadPromotionRow, loadPromotionRows, type PromotionRow } from "./context";
import { evaluateGates, type GateContext, type GateEvaluation } from "./gates";
import { askingDone, notifyDecided, notifyWaiting, signOffAnswered } from "./notifications";
import { requesterName } from "./queries";
import { isWaiting, transition, type PromotionEvent } from "./states";

const WAITING: DeploymentStatus[] = ["REQUESTED", "AWAITING_GATES"];

/** A promotion as a step left it, with the gate context it was evaluated on while it waits. */
export type Settled = { row: PromotionRow; ctx: GateContext | undefined };

/** Takes an environment's row lock until the transaction ends (see the rules above). */
export async function lockEnvironment(tx: Tx, environmentId: string): Promise<void> {
  await readRows(Prisma.sql`select 1 from "Environment" where "id" = ${environmentId}::uuid for update`, tx);
}

/** An object as it reads back from a jsonb column. */
export function json(value: unknown): Prisma.JsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.JsonObject;
}

const label = (row: { number: number }) => `Promotion #${row.number}`;

/** The status an event moves a promotion to; Conflict, saying why, when it cannot. */
export function requireTransition(row: PromotionRow, event: PromotionEvent): DeploymentStatus {
  const result = transition(row.status, event, label(row));
  if (!result.ok) throw new Conflict(result.reason);
  return result.to;
}

export function auditPromotion(
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

/** Tells open pages that a promotion changed (after commit). */
export function notifyPromotion(tx: Tx, row: Pick<PromotionRow, "projectId" | "project" | "releaseId">) {
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

/**
 * Runs one decision on a promotion: in a transaction, finds and locks its environment in one
 * statement, reads the promotion once and hands it to `work`. NotFound for an unknown id.
 */
export async function withPromotion<T>(id: string, work: (tx: Tx, row: PromotionRow) => Promise<T>): Promise<T> {
  if (!isUuid(id)) throw new NotFound("Promotion");
  return transaction(async (tx) => {
    const [environment] = await readRows<{ id: string }>(
      Prisma.sql`
      select e.id from "Environment" e join "Deployment" d on d."environmentId" = e.id where d.id = ${id}::uuid for update of e`,
      tx,
    );
    if (!environment) throw new NotFound("Promotion");
    return work(tx, await loadRow(tx, id));
  }, LONG_CHANGE);
}

/**
 * A promotion's freeze hold once its gates are settled at `now`: held since the first settling that
 * found its freeze gate waiting; when a settling finds it no longer waiting (the freeze ended or an
 * admin overrode it), the hold's seconds are added to its freeze wait (Insights) and it is released.
 */
function freezeHold(row: PromotionRow, evaluation: GateEvaluation, now: Date): Pick<PromotionRow, "freezeHeldSince" | "freezeWaitSeconds"> {
  const held = evaluation.gates.some((gate) => gate.kind === "freeze" && gate.status === "waiting");
  if (held) return { freezeHeldSince: row.freezeHeldSince ?? now, freezeWaitSeconds: row.freezeWaitSeconds };
  if (!row.freezeHeldSince) return { freezeHeldSince: null, freezeWaitSeconds: row.freezeWaitSeconds };
  const seconds = Math.max(0, Math.round((now.getTime() - row.freezeHeldSince.getTime()) / 1000));
  return { freezeHeldSince: null, freezeWaitSeconds: row.freezeWaitSeconds + seconds };
}

/**
 * Re-evaluates a waiting promotion's gates; moves it to approved when they all pass. `ctx` is the
 * gate context for `row` as it stands, when the caller already has it. Returns the row as it now
 * stands and, while it still waits, the context it was evaluated on.
 *
 * Settling is Shiproom's own doing: what it changes is recorded as automationActor's (the audit
 * trail, webhooks, the deploy), with `cause` — whose action set it off — named in the audit event
 * (`after.cause`) and spared the notification of what they did themselves.
 */
export async function settle(tx: Tx, cause: Actor, row: PromotionRow, known?: GateContext): Promise<Settled> {
  const actor = automationActor;
  if (!isWaiting(row.status)) return { row, ctx: undefined };
  const ctx = known ?? (await gateContexts(tx, [row])).get(row.id)!;
  const evaluation = evaluateGates(ctx);
  const now = new Date();
  const hold = freezeHold(row, evaluation, now);
  if (evaluation.passed) {
    const status = requireTransition(row, "approve");
    // Raw statements here: every change settles what waits.
    await execute(
      Prisma.sql`
      update "Deployment" set status = ${status}::"DeploymentStatus", "decidedAt" = ${now}, "gateEvaluation" = ${JSON.stringify(evaluation)}::jsonb,
                              "freezeHeldSince" = ${hold.freezeHeldSince}::timestamptz, "freezeWaitSeconds" = ${hold.freezeWaitSeconds}, "updatedAt" = ${now}
      where id = ${row.id}::uuid`,
      tx,
    );
    const approved: PromotionRow = { ...row, ...hold, status, decidedAt: now, gateEvaluation: json(evaluation), updatedAt: now };
    await auditPromotion(tx, actor, row, "deployment.approved", null, {
      gates: evaluation.gates.map((g) => `${g.title}: ${g.summary}`),
      cause: causeName(cause),
    });
    await enqueueEvent(tx, row.projectId, "promotion.approved", promotionData(row.project.slug, approved, actor.label));
    await notifyDecided(tx, cause, row, { kind: "approved" });
    // Only a promotion that waited can have asked anyone to act (notifyWaiting, below, runs as it
    // starts to wait): one approved as it is requested (a release landing in dev) skips the statement.
    if (row.status !== "REQUESTED") await askingDone(tx, { id: row.projectId, slug: row.project.slug }, [row.id]);
    const signOff = evaluation.gates.find((g) => g.kind === "sign-off" && g.status === "passed" && g.summary.startsWith("signed off by "));
    await enqueueDeployment(tx, row.projectId, approved, {
      actor: actor.label,
      requestedBy: requesterName(row),
      approvals: row.approvals
        .filter((a) => a.decision === "APPROVE")
        .map((a) => ({ name: a.member.name, email: a.member.email, at: a.createdAt.toISOString(), comment: a.comment })),
      signOff: signOff ? signOff.summary.replace(/^signed off by /, "") : null,
    });
    return { row: approved, ctx: undefined };
  }
  const status = row.status === "REQUESTED" ? requireTransition(row, "wait") : row.status;
  await execute(
    Prisma.sql`
    update "Deployment" set status = ${status}::"DeploymentStatus", "gateEvaluation" = ${JSON.stringify(evaluation)}::jsonb,
                            "freezeHeldSince" = ${hold.freezeHeldSince}::timestamptz, "freezeWaitSeconds" = ${hold.freezeWaitSeconds}, "updatedAt" = ${now}
    where id = ${row.id}::uuid`,
    tx,
  );
  const waiting: PromotionRow = { ...row, ...hold, status, gateEvaluation: json(evaluation), updatedAt: now };
  if (row.status === "REQUESTED") {
    const approvals = evaluation.gates.find((gate) => gate.kind === "approvals");
    if (approvals && approvals.status !== "passed") {
      await enqueueEvent(
        tx,
        row.projectId,
        "promotion.awaiting_approval",
        promotionData(row.project.slug, waiting, actor.label, approvals.waitingOn ?? approvals.summary),
      );
    }
    await notifyWaiting(tx, cause, row, evaluation);
  }
  return { row: waiting, ctx };
}

/** Settles the promotion waiting in an environment, if any (at most one waits). */
export async function settleWaiting(tx: Tx, actor: Actor, environmentId: string): Promise<void> {
  const [waiting] = await loadPromotionRows(
    tx,
    Prisma.sql`d."environmentId" = ${environmentId}::uuid and d.status in ('REQUESTED', 'AWAITING_GATES')`,
  );
  if (waiting) await settle(tx, actor, waiting);
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

/**
 * Creates a promotion (the environment is locked by the caller) and settles it. `actor` requests it;
 * `cause` is whose step set it off when Shiproom requests it on its own (a release registered, a
 * success reported), named in its audit events as `after.cause`.
 */
export async function createPromotion(
  tx: Tx,
  actor: Actor,
  input: NewPromotion,
  known: Known = {},
  cause: Actor = actor,
): Promise<Settled> {
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
    const moved = transition(old.status, "supersede", label(old));
    if (!moved.ok) throw new Conflict(moved.reason);
    const now = new Date();
    await execute(
      Prisma.sql`
      update "Deployment" set status = ${moved.to}::"DeploymentStatus", "supersededById" = null, "finishedAt" = ${now},
                              "statusMessage" = ${`Replaced by a newer request for ${release.version}`}, "updatedAt" = ${now}
      where id = ${old.id}::uuid`,
      tx,
    );
    // Shiproom supersedes, on the newer request of `actor`.
    await recordAudit(tx, automationActor, {
      action: "deployment.superseded",
      objectType: "deployment",
      objectId: old.id,
      projectId: old.projectId,
      reason: `replaced by a newer request for ${release.version}`,
      after: {
        number: old.number,
        version: old.version,
        releaseId: old.releaseId,
        environment: environment.name,
        cause: causeName(cause),
      },
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
    ...(cause !== actor ? { cause: causeName(cause) } : {}),
  });
  for (const old of superseded)
    await notifyDecided(
      tx,
      cause,
      { projectId: old.projectId, project: row.project, release: { version: old.version }, environment, requestedById: old.requestedById },
      { kind: "superseded", by: `a newer request for ${release.version}` },
    );
  await askingDone(
    tx,
    { id: row.projectId, slug: row.project.slug },
    superseded.map((old) => old.id),
  );
  const settled = await settle(tx, cause, row);
  await notifyPromotion(tx, row);
  return settled;
}

/**
 * After a success: the next environment promotes automatically, or re-checks what waits there.
 * `cause` reported the success; Shiproom acts, naming them.
 */
export async function afterSuccess(tx: Tx, cause: Actor, row: PromotionRow): Promise<void> {
  const next = await tx.environment.findFirst({
    where: { projectId: row.projectId, position: { gt: row.environment.position } },
    orderBy: { position: "asc" },
  });
  if (!next) return;
  await lockEnvironment(tx, next.id);
  if (next.autoPromote && !row.isRollback && !row.release.abandonedAt) {
    const there = await tx.deployment.findFirst({
      where: { environmentId: next.id, releaseId: row.releaseId, status: { in: [...WAITING, "APPROVED", "DEPLOYING", "SUCCEEDED"] } },
      select: { id: true },
    });
    const current = await tx.deployment.findFirst({
      where: { environmentId: next.id, status: "SUCCEEDED" },
      select: { release: { select: { createdAt: true } } },
    });
    if (!there && !(current && current.release.createdAt > row.release.createdAt)) {
      await createPromotion(
        tx,
        automationActor,
        { projectId: row.projectId, environmentId: next.id, releaseId: row.releaseId, isRollback: false },
        { release: row.release, environment: next },
        cause,
      );
      return;
    }
  }
  await settleWaiting(tx, cause, next.id);
}

/** Requests the first environment's promotion of a new release, when it promotes automatically; `cause` registered it. */
export async function promoteNewRelease(
  tx: Tx,
  cause: Actor,
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
    { release, environment: first },
    cause,
  );
}

/** A deployment that failed: recorded, announced, and the environment freed for what waits. */
export async function failDeployment(
  tx: Tx,
  actor: Actor,
  row: PromotionRow,
  message: string | null,
  extra: { statusMessage: string | null; externalUrl?: string | null } = { statusMessage: message },
): Promise<PromotionRow> {
  const now = new Date();
  const status = requireTransition(row, "fail");
  const data = { ...extra, status, startedAt: row.startedAt ?? now, finishedAt: now };
  await tx.deployment.update({ where: { id: row.id }, data });
  const failed: PromotionRow = { ...row, ...data };
  await auditPromotion(tx, actor, row, "deployment.failed", message);
  await enqueueEvent(tx, row.projectId, "deployment.failed", promotionData(row.project.slug, failed, actor.label, message));
  await notifyDecided(tx, actor, row, { kind: "failed", message });
  await settleWaiting(tx, actor, row.environmentId);
  return failed;
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

/**
 * Locks each promotion's environment in the order given, reads the promotion once and settles it.
 * Open pages are told of every one (`tell: "all"`), or only of those whose status moved.
 */
async function settleEach(
  tx: Tx,
  actor: Actor,
  waiting: { id: string; environmentId: string }[],
  tell: "all" | "moved",
): Promise<Settled[]> {
  const settled: Settled[] = [];
  for (const { id, environmentId } of waiting) {
    await lockEnvironment(tx, environmentId);
    const row = await loadRow(tx, id);
    const result = await settle(tx, actor, row);
    if (tell === "all" || result.row.status !== row.status) await notifyPromotion(tx, row);
    settled.push(result);
  }
  return settled;
}

/** After QA signs a run off: promotions of that release waiting on that sign-off are re-checked. */
export async function settleAfterSignOff(tx: Tx, actor: Actor, releaseId: string, signedEnvironmentId: string): Promise<void> {
  const waiting = await tx.deployment.findMany({
    where: { releaseId, status: { in: WAITING }, environment: { signOffEnvironmentId: signedEnvironmentId } },
    select: { id: true, environmentId: true, environment: { select: { position: true } }, project: { select: { id: true, slug: true } } },
  });
  await settleEach(
    tx,
    actor,
    waiting.sort((a, b) => a.environment.position - b.environment.position),
    "all",
  );
  if (waiting[0])
    await signOffAnswered(
      tx,
      waiting[0].project,
      waiting.map((w) => w.id),
    );
}

/** Re-checks every waiting promotion (a freeze may have ended); run by the server's ticker. */
export async function settleAllWaiting(): Promise<number> {
  const waiting = await db().deployment.findMany({ where: { status: { in: WAITING } }, select: { id: true, environmentId: true } });
  let approved = 0;
  for (const promotion of waiting) {
    const [settled] = await transaction((tx) => settleEach(tx, automationActor, [promotion], "moved"), LONG_CHANGE);
    if (settled?.row.status === "APPROVED") approved++;
  }
  return approved;
}
