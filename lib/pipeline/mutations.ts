import "server-only";
import { actorName, type Actor } from "@/lib/auth/actor";
import { newSecret, seal } from "@/lib/auth/secret-box";
import { recordAudit } from "@/lib/audit/record";
import { CHANGE, LONG_CHANGE, transaction } from "@/lib/db/transaction";
import { egressProblem, type EgressTarget } from "@/lib/egress/check";
import { isAllowedTarget } from "@/lib/egress/targets";
import { db, type Tx } from "@/lib/db/client";
import { minutesOf } from "@/lib/environments/duration";
import { toInstant } from "@/lib/environments/schemas";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, Conflict, Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { isUuid, parseInput } from "@/lib/http/validation";
import { settleWaiting } from "@/lib/promotions/workflow";
import { canEditPolicy } from "@/lib/promotions/policy";
import { notifyChange } from "@/lib/realtime/notify";
import { deployHookConfig } from "@/lib/webhooks/outbox";
import { describeChange } from "./describe-change";
import { describeField, diffPipelines } from "./model";
import { parsePipeline, problemsInFile } from "./parse";
import { contentRevision, livePipeline, pendingChangeDto, planDigest, type LivePipeline } from "./queries";
import {
  DAY_NAMES,
  ROLE_NAMES,
  type ApplyDto,
  decidePipelineChangeSchema,
  type EnvironmentSpec,
  type PendingChangeDto,
  type PipelineFile,
  type PipelineProblem,
  type PlanDto,
  rejectPipelineChangeSchema,
} from "./schemas";
import { gateWeakenings } from "./weakening";
import { plural } from "../format/plural";

/** 422 naming every problem of the file, with its line: nothing is applied. */
export class InvalidPipeline extends AppError {
  constructor(readonly problems: PipelineProblem[]) {
    super(
      422,
      "Invalid pipeline",
      `shiproom.yaml has ${plural(problems.length, "problem")}: nothing was applied.`,
      problems.map((p) => ({ field: p.path || "file", message: p.line ? `line ${p.line}, column ${p.column}: ${p.message}` : p.message })),
    );
  }
}

function canApply(actor: Actor): boolean {
  return canEditPolicy(actor) || (actor.kind === "TOKEN" && Boolean(actor.scopes?.includes("pipeline:write")));
}

function read(slug: string, text: string): PipelineFile {
  const parsed = parsePipeline(text);
  if (!parsed.ok) throw new InvalidPipeline(parsed.problems);
  if (parsed.file.project && parsed.file.project !== slug)
    throw new InvalidPipeline([{ path: "project", message: `this file is for "${parsed.file.project}", not "${slug}"` }]);
  return parsed.file;
}

/** What `apply` would change, without changing anything. */
export async function planPipeline(slug: string, text: string, revision?: string): Promise<PlanDto> {
  const desired = read(slug, text);
  const live = await livePipeline(slug);
  return {
    project: live.project.slug,
    revision: revision ?? contentRevision(text),
    changes: diffPipelines(live.file, desired),
    managed: live.managed,
  };
}

function policyData(env: EnvironmentSpec) {
  return {
    autoPromote: env.autoPromote,
    requirePreviousSuccess: env.requirePreviousSuccess,
    requesterMayApprove: env.requesterMayApprove,
    authorMayApprove: env.authorMayApprove,
    rollbackDuringFreeze: env.rollbacks.duringFreeze,
    rollbackNeedsApproval: env.rollbacks.needApproval,
    maxFailedTests: env.signOff?.maxFailed ?? null,
    remindAfterMinutes: minutesOf(env.remindAfter),
    escalateAfterMinutes: minutesOf(env.escalateAfter),
  };
}

async function replaceRulesAndFreezes(tx: Tx, environmentId: string, env: EnvironmentSpec) {
  await tx.approvalRule.deleteMany({ where: { environmentId } });
  if (env.approvals.length)
    await tx.approvalRule.createMany({ data: env.approvals.map((a) => ({ environmentId, role: ROLE_NAMES[a.role]!, minCount: a.count })) });
  await tx.freezeWindow.deleteMany({ where: { environmentId } });
  for (const f of env.freezes) {
    if ("weekly" in f) {
      const [startDay, startTime] = f.weekly.from.split(" ") as [string, string];
      const [endDay, endTime] = f.weekly.to.split(" ") as [string, string];
      await tx.freezeWindow.create({
        data: {
          environmentId,
          kind: "WEEKLY",
          label: f.label,
          timeZone: f.timeZone,
          startDay: DAY_NAMES.indexOf(startDay) + 1,
          startTime,
          endDay: DAY_NAMES.indexOf(endDay) + 1,
          endTime,
        },
      });
    } else {
      await tx.freezeWindow.create({
        data: {
          environmentId,
          kind: "ONE_OFF",
          label: f.label,
          timeZone: f.timeZone,
          startsAt: toInstant(f.from, f.timeZone),
          endsAt: toInstant(f.to, f.timeZone),
        },
      });
    }
  }
}

/** The deploy target's stored settings; a webhook keeps its secret, a new one is made (and shown once). */
function deployData(env: EnvironmentSpec, before: unknown, secrets: Record<string, string>) {
  const deploy = env.deploy;
  if (deploy.target === "webhook") {
    const kept = deployHookConfig(before);
    if (kept) return { deployTarget: "WEBHOOK" as const, deployConfig: { ...kept, url: deploy.url } };
    const secret = newSecret("whsec_");
    secrets[env.name] = secret;
    return { deployTarget: "WEBHOOK" as const, deployConfig: { url: deploy.url, secret: seal(secret), secretPrefix: secret.slice(0, 12) } };
  }
  if (deploy.target === "git") {
    // Credentials of a remote are set in the app (never in the file) and kept across applies.
    const credentials = (before as { credentials?: string } | null)?.credentials;
    return {
      deployTarget: "GIT" as const,
      deployConfig: { repository: deploy.repository, branch: deploy.branch, path: deploy.path, ...(credentials ? { credentials } : {}) },
    };
  }
  return { deployTarget: "MANUAL" as const, deployConfig: Prisma.DbNull };
}

/** The webhook URLs and repositories the file sets that the live pipeline does not have, with their place in the file. */
function newDeployTargets(live: PipelineFile, desired: PipelineFile): { target: EgressTarget; shown: string; path: (string | number)[] }[] {
  const liveDeploy = new Map(live.environments.map((env) => [env.name, describeField("deploy", env)]));
  return desired.environments.flatMap((env, index): { target: EgressTarget; shown: string; path: (string | number)[] }[] => {
    const deploy = env.deploy;
    if (deploy.target === "manual" || liveDeploy.get(env.name) === describeField("deploy", env)) return [];
    return deploy.target === "webhook"
      ? [{ target: { url: deploy.url }, shown: deploy.url, path: ["environments", index, "deploy", "url"] }]
      : [{ target: { repository: deploy.repository }, shown: deploy.repository, path: ["environments", index, "deploy", "repository"] }];
  });
}

/**
 * Deploy targets are an admin's choice: a token may only set the ones an admin allowed for the
 * project (Settings), and nobody may set one this server must not reach (lib/egress). Checked
 * before the change's transaction, as it may ask DNS.
 */
async function checkDeployTargets(actor: Actor, slug: string, text: string, desired: PipelineFile): Promise<void> {
  const [live, project] = await Promise.all([
    livePipeline(slug),
    db().project.findFirst({ where: { slug, archivedAt: null }, select: { allowedDeployTargets: true } }),
  ]);
  const problems: { path: (string | number)[]; message: string }[] = [];
  const targets = newDeployTargets(live.file, desired);
  // The source repository is held to the same rules: it is read from this server.
  if (desired.repository !== undefined && desired.repository !== live.file.repository)
    targets.push({ target: { repository: desired.repository }, shown: desired.repository, path: ["repository"] });
  for (const { target, shown, path } of targets) {
    if (actor.kind === "TOKEN" && !isAllowedTarget(target, project?.allowedDeployTargets ?? [])) {
      problems.push({
        path,
        message: `${shown} is not among the deploy targets an admin allowed for this project's pipelines (Settings → Deploy targets)`,
      });
      continue;
    }
    const why = await egressProblem(target);
    if (why) problems.push({ path, message: `not usable from Shiproom: ${why}` });
  }
  if (problems.length) throw new InvalidPipeline(problemsInFile(text, problems));
}

type ApplyOutcome = { changes: PipelineChangeList; applied: boolean };
type PipelineChangeList = PlanDto["changes"];

/** The project's row and its environments' rows locked (pipeline order) for the change, then its live pipeline. */
async function lockPipeline(tx: Tx, slug: string): Promise<LivePipeline> {
  const [project] = await tx.$queryRaw<{ id: string }[]>`select id from "Project" where slug = ${slug} and "archivedAt" is null for update`;
  if (!project) throw new Conflict(`Project ${slug} was not found.`);
  await tx.$queryRaw`select 1 from "Environment" where "projectId" = ${project.id}::uuid order by position for update`;
  return livePipeline(slug, tx);
}

/** Marks the project's pending change (if any) replaced by what happens now, with the reason. */
async function replacePending(tx: Tx, actor: Actor, projectId: string, why: string): Promise<void> {
  const replaced = await tx.$queryRaw<{ id: string; revision: string }[]>`
    update "PendingPipelineChange" set status = 'REPLACED', "decidedAt" = now(), "decisionNote" = ${why}
    where "projectId" = ${projectId}::uuid and status = 'PENDING' returning id, revision`;
  for (const change of replaced)
    await recordAudit(tx, actor, {
      action: "pipeline.change_replaced",
      objectType: "pipeline_change",
      objectId: change.id,
      projectId,
      reason: why,
      after: { revision: change.revision },
    });
}

/** Makes the live pipeline what `desired` says, inside the caller's transaction (project and environments locked). */
async function applyWithin(
  tx: Tx,
  actor: Actor,
  live: LivePipeline,
  desired: PipelineFile,
  rev: string,
  secrets: Record<string, string>,
  reason = `shiproom.yaml ${rev}`,
): Promise<ApplyOutcome> {
  const project = live.project;
  const changes = diffPipelines(live.file, desired);
  const byName = new Map(live.environments.map((env) => [env.name, env]));

  const removed = live.environments.filter((env) => !desired.environments.some((d) => d.name === env.name));
  for (const env of removed) {
    const used = await tx.deployment.count({ where: { environmentId: env.id } });
    const runs = await tx.testRun.count({ where: { environmentId: env.id } });
    if (used + runs > 0)
      throw new ValidationFailed([
        {
          field: "environments",
          message: `${env.name} has ${used} deployment(s) and ${runs} test run(s): its history stays, so it cannot be removed — keep it in the file`,
        },
      ]);
  }
  if (removed.length) await tx.environment.deleteMany({ where: { id: { in: removed.map((e) => e.id) } } });

  // Positions first (to distinct temporary values, then final), so an order swap never collides.
  const ids = new Map<string, string>();
  for (const [position, env] of desired.environments.entries()) {
    const existing = byName.get(env.name);
    if (existing) {
      ids.set(env.name, existing.id);
      if (existing.position !== position) await tx.environment.update({ where: { id: existing.id }, data: { position: 1000 + position } });
    } else {
      const created = await tx.environment.create({ data: { projectId: project.id, name: env.name, position: 1000 + position } });
      ids.set(env.name, created.id);
    }
  }
  const changedNames = new Set(changes.flatMap((c) => (c.kind === "repository" ? [] : [c.environment])));
  if (desired.repository !== undefined && desired.repository !== live.file.repository)
    await tx.project.update({ where: { id: project.id }, data: { repository: desired.repository } });
  for (const [position, env] of desired.environments.entries()) {
    const id = ids.get(env.name)!;
    const existing = byName.get(env.name);
    if (!existing || existing.position !== position) await tx.environment.update({ where: { id }, data: { position } });
    if (existing && !changes.some((c) => c.kind === "change" && c.environment === env.name)) continue;
    await tx.environment.update({
      where: { id },
      data: {
        ...policyData(env),
        ...deployData(env, existing?.deployConfig ?? null, secrets),
        signOffEnvironmentId: env.signOff ? ids.get(env.signOff.in)! : null,
        policyVersion: { increment: 1 },
        policyUpdatedById: actor.kind === "MEMBER" ? actor.id : null,
      },
    });
    await replaceRulesAndFreezes(tx, id, env);
  }
  const changed = changes.length > 0 || !live.managed || live.managed.revision !== rev;
  if (changed) {
    await tx.project.update({
      where: { id: project.id },
      data: { pipelineManaged: true, pipelineRevision: rev, pipelineAppliedAt: new Date(), pipelineAppliedBy: actorName(actor.label) },
    });
    await recordAudit(tx, actor, {
      action: "pipeline.applied",
      objectType: "project",
      objectId: project.id,
      projectId: project.id,
      reason,
      before: { revision: live.managed?.revision ?? null },
      after: { revision: rev, changes: changes.map(describeChange) },
    });
    // A looser policy may open the gate of a promotion that waits.
    for (const name of changedNames) if (byName.has(name)) await settleWaiting(tx, actor, ids.get(name)!);
    await notifyChange(tx, { projectId: project.id, projectSlug: project.slug, topics: ["board", "policy", "inbox"] });
  }
  return { changes, applied: changed };
}

/**
 * Makes the project's pipeline what the file says, in one transaction: all or nothing. Applying
 * the same file again changes nothing. From then on the pipeline is managed as code.
 *
 * Only people weaken a gate: when an API token's file weakens one (lib/pipeline/weakening.ts),
 * nothing is applied; the file becomes the project's pending change, which an admin applies or
 * rejects in the app (`pendingChange` in the answer, HTTP 202). A file that only tightens or keeps
 * the gates applies at once. Any apply replaces a change still pending: the newest file is the truth.
 */
export async function applyPipeline(actor: Actor, slug: string, text: string, revision?: string): Promise<ApplyDto> {
  if (!canApply(actor)) throw new Forbidden("Only admins (or a token with pipeline:write) apply the pipeline.");
  const desired = read(slug, text);
  await checkDeployTargets(actor, slug, text, desired);
  const rev = (revision ?? contentRevision(text)).slice(0, 100);
  const secrets: Record<string, string> = {};
  const result = await transaction(async (tx) => {
    const live = await lockPipeline(tx, slug);
    const weakenings = actor.kind === "TOKEN" ? gateWeakenings(live.file, desired) : [];
    if (weakenings.length === 0) {
      const outcome = await applyWithin(tx, actor, live, desired, rev, secrets);
      await replacePending(tx, actor, live.project.id, `shiproom.yaml ${rev} was applied after it`);
      return { ...outcome, pendingId: null };
    }
    const changes = diffPipelines(live.file, desired);
    const [same] = await tx.$queryRaw<{ id: string }[]>`
      select id from "PendingPipelineChange"
      where "projectId" = ${live.project.id}::uuid and status = 'PENDING' and yaml = ${text} and revision = ${rev}`;
    if (same) return { changes, applied: false, pendingId: same.id };
    await replacePending(tx, actor, live.project.id, `shiproom.yaml ${rev} was proposed after it`);
    const proposed = await tx.pendingPipelineChange.create({
      data: {
        projectId: live.project.id,
        yaml: text,
        revision: rev,
        weakenings,
        proposedByTokenId: actor.kind === "TOKEN" ? actor.id : null,
        proposedByLabel: actor.label,
      },
    });
    await recordAudit(tx, actor, {
      action: "pipeline.change_proposed",
      objectType: "pipeline_change",
      objectId: proposed.id,
      projectId: live.project.id,
      reason: `shiproom.yaml ${rev} weakens ${plural(weakenings.length, "gate")}: it waits for an admin`,
      after: { revision: rev, weakenings: weakenings.map((w) => `${w.environment}: ${w.message}`), changes: changes.map(describeChange) },
    });
    await notifyChange(tx, { projectId: live.project.id, projectSlug: slug, topics: ["policy", "inbox"] });
    return { changes, applied: false, pendingId: proposed.id };
  }, LONG_CHANGE);
  const live = await livePipeline(slug);
  return {
    project: slug,
    revision: rev,
    changes: result.changes,
    managed: live.managed,
    applied: result.applied,
    deployHookSecrets: secrets,
    pendingChange: result.pendingId ? await pendingChangeDto(slug, result.pendingId) : null,
  };
}

async function lockedPendingChange(tx: Tx, projectId: string, id: string) {
  const [change] = await tx.$queryRaw<{ id: string; yaml: string; revision: string; status: string; proposedByLabel: string }[]>`
    select id, yaml, revision, status::text as status, "proposedByLabel" from "PendingPipelineChange"
    where id = ${id}::uuid and "projectId" = ${projectId}::uuid for update`;
  if (!change) throw new NotFound("Pipeline change");
  if (change.status !== "PENDING") throw new Conflict(`This pipeline change was already decided (${change.status.toLowerCase()}).`);
  return change;
}

/**
 * An admin applies a pending change, planned again against the live pipeline now. When the
 * admin was shown a plan (its `planDigest`) and the live pipeline has changed since, nothing is
 * applied (409): they review the new plan first.
 */
export async function approvePipelineChange(actor: Actor, slug: string, id: string, body: unknown): Promise<ApplyDto> {
  if (!canEditPolicy(actor)) throw new Forbidden("Only admins apply a pipeline change that weakens a gate.");
  if (!isUuid(id)) throw new NotFound("Pipeline change");
  const input = parseInput(decidePipelineChangeSchema, body ?? {});
  const secrets: Record<string, string> = {};
  const result = await transaction(async (tx) => {
    const live = await lockPipeline(tx, slug);
    const change = await lockedPendingChange(tx, live.project.id, id);
    const desired = read(slug, change.yaml);
    const changes = diffPipelines(live.file, desired);
    if (input.planDigest && input.planDigest !== planDigest(changes))
      throw new Conflict("The live pipeline changed since this plan was shown: review the new plan, then apply it.");
    const note = input.comment?.trim() || null;
    await tx.pendingPipelineChange.update({
      where: { id },
      data: { status: "APPLIED", decidedAt: new Date(), decidedById: actor.id, decisionNote: note },
    });
    await recordAudit(tx, actor, {
      action: "pipeline.change_approved",
      objectType: "pipeline_change",
      objectId: id,
      projectId: live.project.id,
      reason: note,
      after: { revision: change.revision, proposedBy: change.proposedByLabel, changes: changes.map(describeChange) },
    });
    const outcome = await applyWithin(
      tx,
      actor,
      live,
      desired,
      change.revision,
      secrets,
      `shiproom.yaml ${change.revision}, proposed by ${actorName(change.proposedByLabel)}, approved by ${actorName(actor.label)}`,
    );
    if (!outcome.applied) await notifyChange(tx, { projectId: live.project.id, projectSlug: slug, topics: ["policy", "inbox"] });
    return { ...outcome, revision: change.revision };
  }, LONG_CHANGE);
  const live = await livePipeline(slug);
  return {
    project: slug,
    revision: result.revision,
    changes: result.changes,
    managed: live.managed,
    applied: result.applied,
    deployHookSecrets: secrets,
    pendingChange: await pendingChangeDto(slug, id),
  };
}

/** An admin turns a pending change down, with the reason; nothing is applied. */
export async function rejectPipelineChange(actor: Actor, slug: string, id: string, body: unknown): Promise<PendingChangeDto> {
  if (!canEditPolicy(actor)) throw new Forbidden("Only admins reject a pipeline change.");
  if (!isUuid(id)) throw new NotFound("Pipeline change");
  const input = parseInput(rejectPipelineChangeSchema, body);
  await transaction(async (tx) => {
    const live = await lockPipeline(tx, slug);
    const change = await lockedPendingChange(tx, live.project.id, id);
    await tx.pendingPipelineChange.update({
      where: { id },
      data: { status: "REJECTED", decidedAt: new Date(), decidedById: actor.id, decisionNote: input.reason },
    });
    await recordAudit(tx, actor, {
      action: "pipeline.change_rejected",
      objectType: "pipeline_change",
      objectId: id,
      projectId: live.project.id,
      reason: input.reason,
      after: { revision: change.revision, proposedBy: change.proposedByLabel },
    });
    await notifyChange(tx, { projectId: live.project.id, projectSlug: slug, topics: ["policy", "inbox"] });
  }, CHANGE);
  return pendingChangeDto(slug, id);
}

/** Hands the pipeline back to the app: edits in Policies are allowed again (admins). */
export async function unmanagePipeline(actor: Actor, slug: string): Promise<{ managed: false }> {
  if (!canEditPolicy(actor)) throw new Forbidden("Only admins stop managing the pipeline as code.");
  await transaction(async (tx) => {
    const project = await tx.project.findFirst({ where: { slug, archivedAt: null } });
    if (!project) throw new Conflict(`Project ${slug} was not found.`);
    if (!project.pipelineManaged) throw new Conflict("The pipeline is not managed as code.");
    await tx.project.update({ where: { id: project.id }, data: { pipelineManaged: false } });
    await recordAudit(tx, actor, {
      action: "pipeline.unmanaged",
      objectType: "project",
      objectId: project.id,
      projectId: project.id,
      before: { revision: project.pipelineRevision },
    });
    await notifyChange(tx, { projectId: project.id, projectSlug: slug, topics: ["policy"] });
  }, CHANGE);
  return { managed: false };
}
