// Pure predicates on roles: pages use them to show or hide, mutations to enforce.
import type { Role } from "@/lib/generated/prisma/enums";

type WithRoles = { roles: readonly Role[] };

function hasRole(who: WithRoles, role: Role): boolean {
  return who.roles.includes(role);
}

export function canManageMembers(who: WithRoles): boolean {
  return hasRole(who, "ADMIN");
}
