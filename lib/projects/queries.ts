import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { Forbidden, NotFound } from "@/lib/http/errors";
import { canManageDeployTargets } from "./policy";
import type { AllowedDeployTargetsDto, EnvironmentDto, ProjectDto, ProjectSummaryDto } from "./schemas";

const environmentInclude = { approvalRules: { orderBy: { role: "asc" } } } satisfies Prisma.EnvironmentInclude;

function toEnvironmentDto(env: Prisma.EnvironmentGetPayload<{ include: typeof environmentInclude }>): EnvironmentDto {
  return {
    id: env.id,
    name: env.name,
    position: env.position,
    autoPromote: env.autoPromote,
    requirePreviousSuccess: env.requirePreviousSuccess,
    requesterMayApprove: env.requesterMayApprove,
    authorMayApprove: env.authorMayApprove,
    rollbackDuringFreeze: env.rollbackDuringFreeze,
    rollbackNeedsApproval: env.rollbackNeedsApproval,
    signOffEnvironmentId: env.signOffEnvironmentId,
    maxFailedTests: env.maxFailedTests,
    deployTarget: env.deployTarget,
    approvalRules: env.approvalRules.map((rule) => ({ role: rule.role, minCount: rule.minCount })),
    policyVersion: env.policyVersion,
  };
}

export async function listProjects(): Promise<ProjectSummaryDto[]> {
  const projects = await db().project.findMany({
    where: { archivedAt: null },
    include: {
      environments: { orderBy: { position: "asc" }, select: { name: true } },
      releases: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, select: { version: true, createdAt: true } },
      _count: { select: { releases: true } },
    },
  });
  projects.sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
  return projects.map((project) => ({
    id: project.id,
    slug: project.slug,
    key: project.key,
    name: project.name,
    description: project.description,
    environmentNames: project.environments.map((env) => env.name),
    releaseCount: project._count.releases,
    latestRelease: project.releases[0]
      ? { version: project.releases[0].version, createdAt: project.releases[0].createdAt.toISOString() }
      : null,
  }));
}

export async function getProject(slug: string): Promise<ProjectDto> {
  const project = await db().project.findFirst({
    where: { slug, archivedAt: null },
    include: { environments: { orderBy: { position: "asc" }, include: environmentInclude } },
  });
  if (!project) throw new NotFound("Project");
  return {
    id: project.id,
    slug: project.slug,
    key: project.key,
    name: project.name,
    description: project.description,
    repository: project.repository,
    pipelineManaged: project.pipelineManaged,
    createdAt: project.createdAt.toISOString(),
    environments: project.environments.map(toEnvironmentDto),
  };
}

/** The deploy targets a project's pipelines may set (admins). */
export async function listAllowedDeployTargets(actor: Actor, slug: string): Promise<AllowedDeployTargetsDto> {
  if (!canManageDeployTargets(actor)) throw new Forbidden("Only admins see which deploy targets pipelines may set.");
  const project = await db().project.findFirst({ where: { slug, archivedAt: null }, select: { allowedDeployTargets: true } });
  if (!project) throw new NotFound("Project");
  return { allowed: project.allowedDeployTargets };
}
