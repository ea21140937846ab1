import type { Role } from "@/lib/generated/prisma/enums";

export function canCreateProject(who: { roles: readonly Role[] }): boolean {
  return who.roles.includes("ADMIN");
}
