import type { ActorKind } from "@/lib/generated/prisma/enums";

export type AuditEventDto = {
  seq: string;
  occurredAt: string;
  actorKind: ActorKind;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string;
  reason: string | null;
  after: unknown;
};
