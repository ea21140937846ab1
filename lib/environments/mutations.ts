import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { egressProblem } from "@/lib/egress/check";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { Conflict, Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { settleWaiting } from "@/lib/promotions/workflow";
import { canEditPolicy } from "@/lib/promotions/policy";
import { notifyChange } from "@/lib/realtime/notify";
import { isUuid, parseInput } from "@/lib/http/validation";
import { listEnvironmentPolicies } from "./queries";
import { newSecret, seal } from "@/lib/auth/secret-box";
import { deployHookConfig, gitConfig, type DeployHookConfig, type GitConfig } from "@/lib/webhooks/outbox";

/** Where a deploy target sends its work, for the audit trail (never its secrets). */
function deployDestination(config: unknown): string | null {
  const git = gitConfig(config);
  return deployHookConfig(config)?.url ?? (git ? `${git.repository} ${git.branch}:${git.path}` : null);
}
import { durationOf, minutesOf } from "./duration";
import { toInstant, updatePolicySchema, type SavedPolicyDto } from "./schemas";

const FLAGS = [
  "autoPromote",
  "requirePreviousSuccess",
  "requesterMayApprove",
  "authorMayApprove",
  "rollbackDuringFreeze",
  "rollbackNeedsApproval",
  "deployTarget",
  "signOffEnvironmentId",
  "maxFailedTests",
] as const;

/** The refusal edits in the app get while the pipeline is managed as code. */
async function refuseWhenManaged(projectId: string): Promise<void> {
  const project = await db().project.findUnique({ where: { id: projectId }, select: { pipelineManaged: true, pipelineRevision: true } });
  if (project?.pipelineManaged)
    throw new Conflict(
      `This pipeline is managed as code (shiproom.yaml, revision ${project.pipelineRevision}): change the file and apply it, or stop managing it as code in Policies.`,
    );
}

/** Replaces an environment's policy (admins); a stale version is refused, never lost. */
export async function updateEnvironmentPolicy(actor: Actor, slug: string, environmentId: string, raw: unknown): Promise<SavedPolicyDto> {
  if (!canEditPolicy(actor)) throw new Forbidden("Only admins change environment policies.");
  const input = parseInput(updatePolicySchema, raw);
  const env = isUuid(environmentId)
    ? await db().environment.findFirst({
        where: { id: environmentId, project: { slug } },
        include: { project: { select: { slug: true } } },
      })
    : null;
  if (!env) throw new NotFound("Environment");
  await refuseWhenManaged(env.projectId);
  const current = deployHookConfig(env.deployConfig)?.url ?? gitConfig(env.deployConfig)?.repository ?? null;
  if (input.deployTarget === "WEBHOOK" && input.deployHookUrl !== current) {
    const why = await egressProblem({ url: input.deployHookUrl! });
    if (why) throw new ValidationFailed([{ field: "deployHookUrl", message: `Not reachable from Shiproom: ${why}` }]);
  }
  if (input.deployTarget === "GIT" && input.deployGit!.repository !== current) {
    const why = await egressProblem({ repository: input.deployGit!.repository });
    if (why) throw new ValidationFailed([{ field: "deployGit.repository", message: `Not usable from Shiproom: ${why}` }]);
  }
  if (input.signOffEnvironmentId) {
    const signOffIn = await db().environment.findFirst({ where: { id: input.signOffEnvironmentId, projectId: env.projectId } });
    if (!signOffIn || signOffIn.position >= env.position) {
      throw new ValidationFailed([{ field: "signOffEnvironmentId", message: `Choose an environment that comes before ${env.name}` }]);
    }
  }
  let newHookSecret: string | undefined;
  await transaction(async (tx) => {
    await tx.$queryRaw`select 1 from "Environment" where "id" = ${env.id}::uuid for update`;
    const before = await tx.environment.findUniqueOrThrow({ where: { id: env.id }, include: { approvalRules: true, freezeWindows: true } });
    if (before.policyVersion !== input.version)
      throw new Conflict(`Someone else changed the ${env.name} policy meanwhile: reload and try again.`);
    // A deploy hook keeps its secret while its target stays WEBHOOK; the first one is shown once.
    let deployConfig: DeployHookConfig | GitConfig | null = null;
    if (input.deployTarget === "GIT") {
      const git = input.deployGit!;
      const kept = gitConfig(before.deployConfig)?.credentials;
      const credentials = git.token ? seal(JSON.stringify({ username: git.username || "git", token: git.token })) : kept;
      deployConfig = { repository: git.repository, branch: git.branch, path: git.path, ...(credentials ? { credentials } : {}) };
    }
    if (input.deployTarget === "WEBHOOK") {
      const kept = deployHookConfig(before.deployConfig);
      if (kept) deployConfig = { ...kept, url: input.deployHookUrl! };
      else {
        newHookSecret = newSecret("whsec_");
        deployConfig = { url: input.deployHookUrl!, secret: seal(newHookSecret), secretPrefix: newHookSecret.slice(0, 12) };
      }
    }
    await tx.environment.update({
      where: { id: env.id },
      data: {
        ...Object.fromEntries(FLAGS.map((flag) => [flag, input[flag]])),
        remindAfterMinutes: minutesOf(input.remindAfter),
        escalateAfterMinutes: minutesOf(input.escalateAfter),
        deployConfig: deployConfig ?? Prisma.DbNull,
        policyVersion: { increment: 1 },
        policyUpdatedById: actor.kind === "MEMBER" ? actor.id : null,
      },
    });
    await tx.approvalRule.deleteMany({ where: { environmentId: env.id } });
    if (input.approvalRules.length > 0)
      await tx.approvalRule.createMany({ data: input.approvalRules.map((rule) => ({ ...rule, environmentId: env.id })) });
    await tx.freezeWindow.deleteMany({ where: { environmentId: env.id } });
    for (const window of input.freezeWindows) {
      await tx.freezeWindow.create({
        data:
          window.kind === "ONE_OFF"
            ? {
                environmentId: env.id,
                kind: "ONE_OFF",
                label: window.label,
                timeZone: window.timeZone,
                startsAt: toInstant(window.startsAt, window.timeZone),
                endsAt: toInstant(window.endsAt, window.timeZone),
              }
            : {
                environmentId: env.id,
                kind: "WEEKLY",
                label: window.label,
                timeZone: window.timeZone,
                startDay: window.startDay,
                startTime: window.startTime,
                endDay: window.endDay,
                endTime: window.endTime,
              },
      });
    }
    const snapshot = (e: typeof before | null, rules: { role: string; minCount: number }[], windows: unknown[]) => ({
      environment: env.name,
      ...Object.fromEntries(FLAGS.map((flag) => [flag, e ? e[flag] : input[flag]])),
      deployTo: e ? deployDestination(e.deployConfig) : deployDestination(deployConfig),
      remindAfter: e ? durationOf(e.remindAfterMinutes) : durationOf(minutesOf(input.remindAfter)),
      escalateAfter: e ? durationOf(e.escalateAfterMinutes) : durationOf(minutesOf(input.escalateAfter)),
      approvalRules: rules.map((r) => `${r.minCount}×${r.role}`),
      freezeWindows: windows,
    });
    await recordAudit(tx, actor, {
      action: "environment.policy_changed",
      objectType: "environment",
      objectId: env.id,
      projectId: env.projectId,
      before: snapshot(
        before,
        before.approvalRules,
        before.freezeWindows.map((w) => w.label),
      ),
      after: snapshot(
        null,
        input.approvalRules,
        input.freezeWindows.map((w) => w.label),
      ),
    });
    // A looser policy may open the gate of a promotion that waits here.
    await settleWaiting(tx, actor, env.id);
    await notifyChange(tx, { projectId: env.projectId, projectSlug: env.project.slug, topics: ["board", "policy", "inbox"] });
  }, CHANGE);
  const saved = (await listEnvironmentPolicies(slug)).find((policy) => policy.id === env.id)!;
  return newHookSecret ? { ...saved, deployHookSecret: newHookSecret } : saved;
}

/** A new signing secret for an environment's deploy hook (admins); the answer is the only place it shows. */
export async function rotateDeployHookSecret(
  actor: Actor,
  slug: string,
  environmentId: string,
): Promise<{ secret: string; secretPrefix: string }> {
  if (!canEditPolicy(actor)) throw new Forbidden("Only admins change deploy hooks.");
  const env = isUuid(environmentId) ? await db().environment.findFirst({ where: { id: environmentId, project: { slug } } }) : null;
  if (!env) throw new NotFound("Environment");
  const secret = newSecret("whsec_");
  await transaction(async (tx) => {
    await tx.$queryRaw`select 1 from "Environment" where "id" = ${env.id}::uuid for update`;
    const current = await tx.environment.findUniqueOrThrow({ where: { id: env.id } });
    const config = deployHookConfig(current.deployConfig);
    if (current.deployTarget !== "WEBHOOK" || !config) throw new Conflict(`${env.name} does not deploy by webhook.`);
    await tx.environment.update({
      where: { id: env.id },
      data: { deployConfig: { ...config, secret: seal(secret), secretPrefix: secret.slice(0, 12) } },
    });
    await recordAudit(tx, actor, {
      action: "environment.deploy_hook_secret_rotated",
      objectType: "environment",
      objectId: env.id,
      projectId: env.projectId,
      after: { environment: env.name, secretPrefix: secret.slice(0, 12) },
    });
  }, CHANGE);
  return { secret, secretPrefix: secret.slice(0, 12) };
}
