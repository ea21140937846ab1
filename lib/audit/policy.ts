import type { Actor } from "@/lib/auth/actor";

/** Verifying reads the whole trail: admins, and pipelines holding audit:read. */
export function canVerifyAudit(actor: Actor): boolean {
  return (
    (actor.kind === "MEMBER" && actor.roles.includes("ADMIN")) || (actor.kind === "TOKEN" && Boolean(actor.scopes?.includes("audit:read")))
  );
}
