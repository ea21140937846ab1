import type { Actor } from "@/lib/auth/actor";

export function canAbandonRelease(actor: Actor): boolean {
  return actor.kind === "MEMBER" && (actor.roles.includes("DEVELOPER") || actor.roles.includes("OPS"));
}

export function canComment(actor: Actor): boolean {
  return actor.kind === "MEMBER";
}
