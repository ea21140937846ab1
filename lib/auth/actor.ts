// Who is acting: a member, an API token, Shiproom's automation, or the system (seed,
// migrations). Every mutation takes one and writes it into the audit trail.
import type { ActorKind, Role } from "@/lib/generated/prisma/enums";

/** Where a request came from, kept with its audit events. */
export type Origin = { ip?: string; userAgent?: string; requestId?: string };

export type Actor = {
  kind: ActorKind;
  /** Member id or token id; null for automation and system. */
  id: string | null;
  /** Name and email (member), token name, "automation" or "system". */
  label: string;
  roles: readonly Role[];
  /** API tokens only. */
  scopes?: readonly string[];
  projectId?: string;
  origin?: Origin;
};

export const automationActor: Actor = { kind: "AUTOMATION", id: null, label: "automation", roles: [] };

export function memberActor(member: { id: string; name: string; email: string; roles: readonly Role[] }, origin?: Origin): Actor {
  return { kind: "MEMBER", id: member.id, label: `${member.name} <${member.email}>`, roles: member.roles, origin };
}

/** How an actor is named to people, from its label: "Ari Admin <admin@…>" → "Ari Admin". */
export function actorName(label: string): string {
  return label.replace(/\s*<[^>]*>$/, "");
}
