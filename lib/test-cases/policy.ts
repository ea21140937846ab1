import type { Actor } from "@/lib/auth/actor";

/** The library is shared: every member edits it (tokens only through JUnit imports). */
export function canEditCases(actor: Actor): boolean {
  return actor.kind === "MEMBER";
}
