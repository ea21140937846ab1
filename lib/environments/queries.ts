import "server-only";
import { DateTime } from "luxon";
import { db } from "@/lib/db/client";
import { NotFound } from "@/lib/http/errors";
import { toFreezeSpec } from "@/lib/promotions/context";
import { describeWindow } from "@/lib/promotions/freeze";
import { deployHookConfig, gitConfig } from "@/lib/webhooks/outbox";
import { durationOf } from "./duration";
import type { EnvironmentPolicyDto, FreezeWindowDto } from "./schemas";

function deployHookOf(target: string, config: unknown): EnvironmentPolicyDto["deployHook"] {
  const hook = target === "WEBHOOK" ? deployHookConfig(config) : null;
  return hook ? { url: hook.url, secretPrefix: hook.secretPrefix } : null;
}

function deployGitOf(target: string, config: unknown): EnvironmentPolicyDto["deployGit"] {
  const git = target === "GIT" ? gitConfig(config) : null;
  return git ? { repository: git.repository, branch: git.branch, path: git.path, hasCredentials: Boolean(git.credentials) } : null;
}

const localMinute = (date: Date, zone: string) => DateTime.fromJSDate(date, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");

export async function listEnvironmentPolicies(slug: string): Promise<EnvironmentPolicyDto[]> {
  const project = await db().project.findFirst({
    where: { slug, archivedAt: null },
    include: {
      environments: {
        orderBy: { position: "asc" },
        include: {
          approvalRules: { orderBy: { role: "asc" } },
          freezeWindows: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
          policyUpdatedBy: { select: { name: true } },
        },
      },
    },
  });
  if (!project) throw new NotFound("Project");
  return project.environments.map((env) => ({
    id: env.id,
    name: env.name,
    position: env.position,
    version: env.policyVersion,
    autoPromote: env.autoPromote,
    requirePreviousSuccess: env.requirePreviousSuccess,
    requesterMayApprove: env.requesterMayApprove,
    authorMayApprove: env.authorMayApprove,
    rollbackDuringFreeze: env.rollbackDuringFreeze,
    rollbackNeedsApproval: env.rollbackNeedsApproval,
    deployTarget: env.deployTarget,
    deployHook: deployHookOf(env.deployTarget, env.deployConfig),
    deployGit: deployGitOf(env.deployTarget, env.deployConfig),
    signOffEnvironmentId: env.signOffEnvironmentId,
    maxFailedTests: env.maxFailedTests,
    remindAfter: durationOf(env.remindAfterMinutes),
    escalateAfter: durationOf(env.escalateAfterMinutes),
    approvalRules: env.approvalRules.map((rule) => ({ role: rule.role, minCount: rule.minCount })),
    freezeWindows: env.freezeWindows.map((window): FreezeWindowDto => {
      const description = describeWindow(toFreezeSpec(window));
      return window.kind === "ONE_OFF"
        ? {
            kind: "ONE_OFF",
            label: window.label,
            timeZone: window.timeZone,
            startsAt: localMinute(window.startsAt!, window.timeZone),
            endsAt: localMinute(window.endsAt!, window.timeZone),
            description,
          }
        : {
            kind: "WEEKLY",
            label: window.label,
            timeZone: window.timeZone,
            startDay: window.startDay!,
            startTime: window.startTime!,
            endDay: window.endDay!,
            endTime: window.endTime!,
            description,
          };
    }),
    updatedAt: env.updatedAt.toISOString(),
    updatedBy: env.policyUpdatedBy?.name ?? null,
  }));
}
