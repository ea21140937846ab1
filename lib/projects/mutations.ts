import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { db } from "@/lib/db/client";
import { uniqueViolation } from "@/lib/db/errors";
import { egressProblem } from "@/lib/egress/check";
import { probeRepository } from "@/lib/gitops/git";
import { Conflict, Forbidden, NotFound, ValidationFailed, type FieldError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validation";
import { notifyChange } from "@/lib/realtime/notify";
import { canCreateProject, canManageDeployTargets } from "./policy";
import { getProject } from "./queries";
import {
  allowedDeployTargetsSchema,
  createProjectSchema,
  DEFAULT_PIPELINE,
  projectRepositorySchema,
  type AllowedDeployTargetsDto,
  type ProjectDto,
  type ProjectRepositoryDto,
} from "./schemas";

export async function createProject(actor: Actor, raw: unknown): Promise<ProjectDto> {
  if (!canCreateProject(actor)) throw new Forbidden("Only admins can create projects.");
  const input = parseInput(createProjectSchema, raw);
  const taken = async (): Promise<Conflict> => {
    const existing = await db().project.findMany({
      where: { OR: [{ slug: input.slug }, { key: input.key }] },
      select: { slug: true, key: true },
    });
    const fields: FieldError[] = [];
    if (existing.some((p) => p.slug === input.slug)) fields.push({ field: "slug", message: "Already used by another project" });
    if (existing.some((p) => p.key === input.key)) fields.push({ field: "key", message: "Already used by another project" });
    return new Conflict(
      `A project with this ${fields.map((f) => (f.field === "key" ? "key" : "URL name")).join(" and ")} already exists.`,
      fields,
    );
  };
  const conflict = await taken();
  if (conflict.fieldErrors.length > 0) throw conflict;
  try {
    const project = await transaction(async (tx) => {
      const created = await tx.project.create({
        data: {
          name: input.name,
          slug: input.slug,
          key: input.key,
          description: input.description,
          createdById: actor.kind === "MEMBER" ? actor.id : null,
        },
      });
      const ids: Record<string, string> = {};
      for (const [position, env] of DEFAULT_PIPELINE.entries()) {
        const row = await tx.environment.create({
          data: {
            projectId: created.id,
            name: env.name,
            position,
            autoPromote: env.autoPromote,
            requirePreviousSuccess: env.requirePreviousSuccess,
            signOffEnvironmentId: "signOffIn" in env ? ids[env.signOffIn] : null,
            approvalRules: { create: env.approvalRules.map((rule) => ({ role: rule.role, minCount: rule.minCount })) },
          },
        });
        ids[env.name] = row.id;
      }
      await recordAudit(tx, actor, {
        action: "project.created",
        objectType: "project",
        objectId: created.id,
        projectId: created.id,
        after: { name: created.name, slug: created.slug, key: created.key, pipeline: DEFAULT_PIPELINE.map((e) => e.name) },
      });
      // Open boards across projects show the new row.
      await notifyChange(tx, { projectId: created.id, projectSlug: created.slug, topics: ["board"] });
      return created;
    }, CHANGE);
    return getProject(project.slug);
  } catch (error) {
    if (uniqueViolation(error)) throw await taken(); // lost a race for the same slug or key
    throw error;
  }
}

/** Replaces the list of deploy targets the project's pipelines may set in shiproom.yaml (admins). */
export async function setAllowedDeployTargets(actor: Actor, slug: string, raw: unknown): Promise<AllowedDeployTargetsDto> {
  if (!canManageDeployTargets(actor)) throw new Forbidden("Only admins choose which deploy targets pipelines may set.");
  const input = parseInput(allowedDeployTargetsSchema, raw);
  return transaction(async (tx) => {
    const [project] = await tx.$queryRaw<{ id: string; allowedDeployTargets: string[] }[]>`
      select id, "allowedDeployTargets" from "Project" where slug = ${slug} and "archivedAt" is null for update`;
    if (!project) throw new NotFound("Project");
    await tx.project.update({ where: { id: project.id }, data: { allowedDeployTargets: input.allowed } });
    await recordAudit(tx, actor, {
      action: "project.deploy_targets_allowed",
      objectType: "project",
      objectId: project.id,
      projectId: project.id,
      before: { allowed: project.allowedDeployTargets },
      after: { allowed: input.allowed },
    });
    return { allowed: input.allowed };
  }, CHANGE);
}

/** Names the project's source repository, or forgets it (admins). Held to the deploy targets' rules of reach. */
export async function setProjectRepository(actor: Actor, slug: string, raw: unknown): Promise<ProjectRepositoryDto> {
  if (!canManageDeployTargets(actor)) throw new Forbidden("Only admins name a project's repository.");
  const { repository } = parseInput(projectRepositorySchema, raw);
  if (repository) {
    const why = await egressProblem({ repository });
    if (why) throw new ValidationFailed([{ field: "repository", message: `Not usable from Shiproom: ${why}` }]);
  }
  await transaction(async (tx) => {
    const [project] = await tx.$queryRaw<{ id: string; repository: string | null }[]>`
      select id, repository from "Project" where slug = ${slug} and "archivedAt" is null for update`;
    if (!project) throw new NotFound("Project");
    if (project.repository === repository) return;
    await tx.project.update({ where: { id: project.id }, data: { repository } });
    await recordAudit(tx, actor, {
      action: "project.repository_set",
      objectType: "project",
      objectId: project.id,
      projectId: project.id,
      before: { repository: project.repository },
      after: { repository },
    });
  }, CHANGE);
  // Saved either way (a repository may be unreachable for a while); whoever named it is told at once whether it reads.
  return { repository, reach: repository ? await probeRepository(repository) : null };
}
