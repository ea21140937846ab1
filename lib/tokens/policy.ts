import type { Actor } from "@/lib/auth/actor";

/** Admins make and revoke a project's tokens; tokens never manage tokens. */
export function canManageTokens(actor: Actor): boolean {
  return actor.kind === "MEMBER" && actor.roles.includes("ADMIN");
}
