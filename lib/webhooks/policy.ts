import type { Actor } from "@/lib/auth/actor";

/** Admins manage a project's webhooks and read their delivery log (it shows receivers' answers). */
export function canManageWebhooks(actor: Actor): boolean {
  return actor.kind === "MEMBER" && actor.roles.includes("ADMIN");
}
