// Who is acting: a member, an API token, Shiproom's automation, or the system (seed,
// migrations). Every mutation takes one and writes it into the audit trail.
import type { ActorKind, Role } from "@/lib/generated/prisma/enums";

/** Where a request came from, kept with its audit events. */
export type Origin = { ip?: string; userAgent?: string; requestId?: string };

export type Actor = {
  kind: ActorKind;
  /** Member id or token id; null for automation and system. */
  id: string | null;
  /** Name and email (member), token name, or SYSTEM_NAME. */
  label: string;
  roles: readonly Role[];
  /** API tokens only. */
  scopes?: readonly string[];
  projectId?: string;
  origin?: Origin;
};

/**
 * The one name Shiproom's own actions go by — superseding, automatic promotion, settling gates
 * (kind AUTOMATION), setup and seeding (SYSTEM) — in the UI, the audit trail and its export, and
 * webhooks: never the person whose request set them off.
 */
export const SYSTEM_NAME = "Shiproom";

export const automationActor: Actor = { kind: "AUTOMATION", id: null, label: SYSTEM_NAME, roles: [] };

export function memberActor(member: { id: string; name: string; email: string; roles: readonly Role[] }, origin?: Origin): Actor {
  return { kind: "MEMBER", id: member.id, label: `${member.name} <${member.email}>`, roles: member.roles, origin };
}

/** How an actor is named to people, from its label: "Ari Admin <admin@…>" → "Ari Admin". */
export function actorName(label: string): string {
  return label.replace(/\s*<[^>]*>$/, "");
}

/** How an actor of a kind is named to people: Shiproom's own actions by SYSTEM_NAME, whatever label they were recorded with. */
export function nameOfActor(kind: ActorKind, label: string): string {
  return kind === "AUTOMATION" || kind === "SYSTEM" ? SYSTEM_NAME : actorName(label);
}

/** Whose step set one of Shiproom's own actions off, for its audit event (`after.cause`); undefined when Shiproom's own. */
export function causeName(actor: Actor): string | undefined {
  return actor.kind === "MEMBER" || actor.kind === "TOKEN" ? nameOfActor(actor.kind, actor.label) : undefined;
}
