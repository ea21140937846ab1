import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { Conflict, Forbidden } from "@/lib/http/errors";
import { parseInput } from "@/lib/validation";
import { canCreateProject } from "./policy";
import { getProject } from "./queries";
import { createProjectSchema, DEFAULT_PIPELINE, type ProjectDto } from "./schemas";

export async function createProject(actor: Actor, raw: unknown): Promise<ProjectDto> {
  if (!canCreateProject(actor)) throw new Forbidden("Only admins can create projects.");
  const input = parseInput(createProjectSchema, raw);
  try {
    const project = await db().$transaction(async (tx) => {
      const created = await tx.project.create({
        data: {
          name: input.name,
          slug: input.slug,
          key: input.key,
          description: input.description,
          createdById: actor.kind === "MEMBER" ? actor.id : null,
        },
      });
      for (const [position, env] of DEFAULT_PIPELINE.entries()) {
        await tx.environment.create({
          data: {
            projectId: created.id,
            name: env.name,
            position,
            autoPromote: env.autoPromote,
            requirePreviousSuccess: env.requirePreviousSuccess,
            approvalRules: { create: env.approvalRules.map((rule) => ({ role: rule.role, minCount: rule.minCount })) },
          },
        });
      }
      await recordAudit(tx, actor, {
        action: "project.created",
        objectType: "project",
        objectId: created.id,
        projectId: created.id,
        after: { name: created.name, slug: created.slug, key: created.key, pipeline: DEFAULT_PIPELINE.map((e) => e.name) },
      });
      return created;
    });
    return getProject(project.slug);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const target = String((error.meta as { target?: unknown } | undefined)?.target ?? "");
      const field = target.includes("key") ? "key" : "slug";
      throw new Conflict(`A project with this ${field === "key" ? "key" : "URL name"} already exists.`, [
        { field, message: `Already used by another project` },
      ]);
    }
    throw error;
  }
}
