import type { Role } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/auth/actor";

/** Anyone on the team runs tests and records results (tokens through JUnit imports). */
export function canRecordResults(actor: Actor): boolean {
  return actor.kind === "MEMBER";
}

/** Signing a run off (or blocking it) is QA's decision. */
export function canSignOff(actor: Actor): boolean {
  return actor.kind === "MEMBER" && actor.roles.includes("QA");
}

/** Splitting a run's cases between testers is QA's (and an admin's) planning; anyone on the team may be given cases. */
export function canAssignResults(actor: Pick<Actor, "kind" | "roles">): boolean {
  return actor.kind === "MEMBER" && (actor.roles.includes("QA") || actor.roles.includes("ADMIN"));
}

export function canImportResults(actor: Actor): boolean {
  return actor.kind === "MEMBER" || (actor.kind === "TOKEN" && Boolean(actor.scopes?.includes("results:write")));
}

/** People create runs; pipelines too, with a token holding results:write (for their uploads). */
export function canCreateRun(actor: Actor): boolean {
  return canImportResults(actor);
}

/** Why a QA sign-off no longer counts ("no longer QA", "deactivated"), or null while it does: it counts only while its author is an active member of QA. */
export function signOffStanding(member: { roles: readonly Role[]; deactivatedAt: Date | null }): string | null {
  return member.deactivatedAt ? "deactivated" : member.roles.includes("QA") ? null : "no longer QA";
}

/** Anyone on the team links an issue to a failed or blocked result (people, like recording results). */
export function canLinkDefects(actor: Pick<Actor, "kind">): boolean {
  return actor.kind === "MEMBER";
}

/** A defect link is removed by QA, an admin, or whoever linked it. */
export function canRemoveDefectLink(actor: Pick<Actor, "kind" | "id" | "roles">, link: { linkedById: string }): boolean {
  return actor.kind === "MEMBER" && (actor.roles.includes("QA") || actor.roles.includes("ADMIN") || actor.id === link.linkedById);
}
