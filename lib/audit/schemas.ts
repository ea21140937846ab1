import { z } from "zod";
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

const uuid = z.uuid({ error: "Not a valid id" });

/** The `actor` filter's value for Shiproom's own actions (kinds AUTOMATION and SYSTEM), which have no id. */
export const OWN_ACTIONS = "shiproom";
const instant = z.iso.datetime({ offset: true, local: true, error: "A date and time, like 2026-11-25T14:00" });

/** Filters of the audit page and its exports; each is optional. */
export const auditFilterSchema = z.object({
  actor: z
    .union([uuid, z.literal(OWN_ACTIONS)], { error: `A member's or a token's id, or "${OWN_ACTIONS}" for Shiproom's own actions` })
    .optional()
    .describe(
      `A member's or a token's id, or "${OWN_ACTIONS}" for Shiproom's own actions (superseding, automatic promotion, settling gates, setup)`,
    ),
  action: z.string().trim().max(100).optional().describe("An action, like deployment.approved, or a prefix, like deployment."),
  objectType: z.string().trim().max(50).optional(),
  objectId: z.string().trim().max(100).optional(),
  project: z.string().trim().max(40).optional().describe("A project's slug"),
  from: instant.optional(),
  to: instant.optional(),
  /** Keyset paging: events older than this sequence number. */
  before: z
    .string()
    // One check: zod runs every refinement even after the format failed, and BigInt("x") throws.
    .refine((value) => /^\d{1,19}$/.test(value) && BigInt(value) <= 9_223_372_036_854_775_807n, "A sequence number")
    .optional(),
});

/** One event as the audit page and the exports show it: everything it holds. */
export type AuditRowDto = {
  seq: string;
  occurredAt: string;
  actorKind: ActorKind;
  actor: string;
  actorMemberId: string | null;
  actorTokenId: string | null;
  action: string;
  text: string;
  objectType: string;
  objectId: string;
  project: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
  origin: unknown;
  prevHash: string | null;
  hash: string;
};

export type AuditPageDto = { events: AuditRowDto[]; next: string | null };
