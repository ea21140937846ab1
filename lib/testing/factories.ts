// Factories for database tests: each call makes new, unique rows.
import { randomBytes } from "node:crypto";
import { memberActor, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import type { PolicyFlags } from "@/lib/environments/schemas";
import type { Role } from "@/lib/generated/prisma/enums";

export function unique(prefix = "x"): string {
  return `${prefix}${randomBytes(4).toString("hex")}`;
}

export async function makeMember(roles: Role[] = ["DEVELOPER"], overrides: { name?: string; email?: string; passwordHash?: string } = {}) {
  const name = overrides.name ?? `Member ${unique("")}`;
  return db().member.create({
    data: { name, email: overrides.email ?? `${unique("m")}@example.test`, roles, passwordHash: overrides.passwordHash ?? null },
  });
}

export async function makeActor(roles: Role[] = ["DEVELOPER"]): Promise<Actor> {
  const member = await makeMember(roles);
  return memberActor(member, { ip: "127.0.0.1", userAgent: "vitest" });
}

type EnvPolicy = Partial<
  PolicyFlags & {
    approvalRules: { role: Role; minCount: number }[];
    /** Require QA's sign-off in this environment (new projects' production: staging). */
    signOffIn: "dev" | "staging" | null;
  }
>;

/**
 * A project with dev → staging → production (createProject's defaults), then each environment's
 * policy adjusted as given. Returns the project and its environments by name.
 */
export async function makePipeline(policies: Partial<Record<"dev" | "staging" | "production", EnvPolicy>> = {}) {
  const { createProject } = await import("@/lib/projects/mutations");
  const admin = await makeActor(["ADMIN"]);
  const slug = unique("pipe-");
  const project = await createProject(admin, { name: slug, slug, key: unique("P").toUpperCase().slice(0, 10) });
  const envs = Object.fromEntries(project.environments.map((env) => [env.name, env])) as Record<
    "dev" | "staging" | "production",
    (typeof project.environments)[number]
  >;
  // Tests opt in to the sign-off gate: by default no environment requires one here.
  await db().environment.updateMany({ where: { projectId: project.id }, data: { signOffEnvironmentId: null } });
  for (const [name, policy] of Object.entries(policies) as ["dev" | "staging" | "production", EnvPolicy][]) {
    const { approvalRules, signOffIn, ...flags } = policy;
    await db().environment.update({
      where: { id: envs[name].id },
      data: { ...flags, ...(signOffIn !== undefined ? { signOffEnvironmentId: signOffIn ? envs[signOffIn].id : null } : {}) },
    });
    if (approvalRules) {
      await db().approvalRule.deleteMany({ where: { environmentId: envs[name].id } });
      await db().approvalRule.createMany({ data: approvalRules.map((rule) => ({ ...rule, environmentId: envs[name].id })) });
    }
  }
  return { admin, slug, projectId: project.id, envs };
}
