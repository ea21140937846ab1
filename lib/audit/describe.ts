// Audit events as short sentences for timelines and activity feeds ("promoted v1.4.0 to staging").
import type { AuditEventDto } from "./schemas";

type Described = Pick<AuditEventDto, "action" | "after">;

function field(after: unknown, key: string): string | undefined {
  if (after && typeof after === "object" && key in after) {
    const value = (after as Record<string, unknown>)[key];
    return value === null || value === undefined ? undefined : String(value);
  }
  return undefined;
}

const sentences: Record<string, (after: unknown) => string> = {
  "project.created": (a) => `created the project ${field(a, "name") ?? ""}`.trim(),
  "member.created": (a) => `added ${field(a, "name") ?? "a member"}`,
  "member.roles_changed": (a) => `changed roles to ${field(a, "roles") ?? "…"}`,
  "member.deactivated": () => "deactivated a member",
  "member.reactivated": () => "reactivated a member",
  "release.created": (a) => `registered release ${field(a, "version") ?? ""}`.trim(),
};

export function describeAuditEvent(event: Described): string {
  const sentence = sentences[event.action];
  return sentence ? sentence(event.after) : event.action.replace(/[._]/g, " ");
}

/** "Ari Admin <admin@…>" → "Ari Admin". */
export function actorName(label: string): string {
  return label.replace(/\s*<[^>]*>$/, "");
}
