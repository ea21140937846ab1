import type { ActorKind, Role } from "@/lib/generated/prisma/enums";

export function canCreateProject(who: { roles: readonly Role[] }): boolean {
  return who.roles.includes("ADMIN");
}

/** Which deploy targets pipelines may set is an admin's choice, made signed in. */
export function canManageDeployTargets(who: { kind: ActorKind; roles: readonly Role[] }): boolean {
  return who.kind === "MEMBER" && who.roles.includes("ADMIN");
}
