import type { Actor } from "@/lib/auth/actor";

/** Who registers a release may withdraw a wrong one: developers, ops, and pipelines with releases:write. */
export function canAbandonRelease(actor: Actor): boolean {
  return (
    (actor.kind === "MEMBER" && (actor.roles.includes("DEVELOPER") || actor.roles.includes("OPS"))) ||
    (actor.kind === "TOKEN" && Boolean(actor.scopes?.includes("releases:write")))
  );
}

export function canComment(actor: Actor): boolean {
  return actor.kind === "MEMBER";
}
