import type { Actor } from "@/lib/auth/actor";

/** Anyone on the team runs tests and records results (tokens through JUnit imports). */
export function canRecordResults(actor: Actor): boolean {
  return actor.kind === "MEMBER";
}

/** Signing a run off (or blocking it) is QA's decision. */
export function canSignOff(actor: Actor): boolean {
  return actor.kind === "MEMBER" && actor.roles.includes("QA");
}

export function canImportResults(actor: Actor): boolean {
  return actor.kind === "MEMBER" || (actor.kind === "TOKEN" && Boolean(actor.scopes?.includes("results:write")));
}

/** People create runs; pipelines too, with a token holding results:write (for their uploads). */
export function canCreateRun(actor: Actor): boolean {
  return canImportResults(actor);
}
