import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { Conflict, Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { settleWaiting } from "@/lib/promotions/mutations";
import { canEditPolicy } from "@/lib/promotions/policy";
import { notifyChange } from "@/lib/realtime/notify";
import { isUuid, parseInput } from "@/lib/validation";
import { listEnvironmentPolicies } from "./queries";
import { toInstant, updatePolicySchema, type EnvironmentPolicyDto } from "./schemas";

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

/** Replaces an environment's policy (admins); a stale version is refused, never lost. */
export async function updateEnvironmentPolicy(
  actor: Actor,
  slug: string,
  environmentId: string,
  raw: unknown,
): Promise<EnvironmentPolicyDto> {
  if (!canEditPolicy(actor)) throw new Forbidden("Only admins change environment policies.");
  const input = parseInput(updatePolicySchema, raw);
  const env = isUuid(environmentId)
    ? await db().environment.findFirst({
        where: { id: environmentId, project: { slug } },
        include: { project: { select: { slug: true } } },
      })
    : null;
  if (!env) throw new NotFound("Environment");
  if (input.signOffEnvironmentId) {
    const signOffIn = await db().environment.findFirst({ where: { id: input.signOffEnvironmentId, projectId: env.projectId } });
    if (!signOffIn || signOffIn.position >= env.position) {
      throw new ValidationFailed([{ field: "signOffEnvironmentId", message: `Choose an environment that comes before ${env.name}` }]);
    }
  }
  await db().$transaction(async (tx) => {
    await tx.$queryRaw`select 1 from "Environment" where "id" = ${env.id}::uuid for update`;
    const before = await tx.environment.findUniqueOrThrow({ where: { id: env.id }, include: { approvalRules: true, freezeWindows: true } });
    if (before.policyVersion !== input.version)
      throw new Conflict(`Someone else changed the ${env.name} policy meanwhile: reload and try again.`);
    await tx.environment.update({
      where: { id: env.id },
      data: {
        ...Object.fromEntries(FLAGS.map((flag) => [flag, input[flag]])),
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
  });
  return (await listEnvironmentPolicies(slug)).find((policy) => policy.id === env.id)!;
}
