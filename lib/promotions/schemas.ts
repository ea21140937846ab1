import { z } from "zod";
import { environmentChoice, releaseChoice } from "@/lib/test-runs/schemas";
import type { ActorKind, ApprovalDecision, DeploymentStatus, Role } from "@/lib/generated/prisma/enums";
import type { GateEvaluation } from "./gates";
import type { Permission } from "./policy";

const reason = z.string().trim().max(2000, "Use at most 2000 characters");

export const requestPromotionSchema = z
  .object({
    release: releaseChoice,
    environment: environmentChoice,
    rollback: z.boolean({ error: "rollback must be true or false" }).default(false),
    reason: reason.optional().transform((value) => value || undefined),
    confirmRolledBack: z
      .boolean({ error: "confirmRolledBack must be true or false" })
      .default(false)
      .describe("Promote a release that was rolled back from this environment again (else 409)"),
  })
  .superRefine((input, ctx) => {
    if (input.rollback && !input.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why you roll back" });
  });
export type RequestPromotionInput = z.input<typeof requestPromotionSchema>;

export const approveSchema = z.object({ comment: reason.optional().transform((value) => value || undefined) });
export const rejectSchema = z.object({
  comment: z.string({ error: "Say why you reject it" }).trim().min(1, "Say why you reject it").max(2000, "Use at most 2000 characters"),
});
export const cancelSchema = z.object({ reason: reason.optional().transform((value) => value || undefined) });
export const overrideFreezeSchema = z.object({
  reason: z.string({ error: "Say why the freeze may be overridden" }).trim().min(1, "Say why the freeze may be overridden").max(2000),
});
export const reportSchema = z.object({
  status: z.enum(["deploying", "succeeded", "failed"], { error: "status must be deploying, succeeded or failed" }),
  message: reason.optional(),
  url: z
    .url({ protocol: /^https?$/, error: "url must be an http(s) URL" })
    .max(2000)
    .optional(),
});

type PromotionActions = {
  approve: Permission;
  reject: Permission;
  cancel: Permission;
  report: Permission;
  overrideFreeze: Permission;
  /** Nudging who may still approve (at most once an hour: the server answers 429 before). */
  nudge: Permission;
};

export type PromotionDto = {
  id: string;
  number: number;
  status: DeploymentStatus;
  isRollback: boolean;
  reason: string | null;
  project: { id: string; slug: string };
  environment: { id: string; name: string; deployTarget: string };
  release: { id: string; version: string; commitSha: string; artifactRef: string | null };
  requestedBy: { kind: ActorKind; name: string };
  requestedAt: string;
  decidedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  statusMessage: string | null;
  externalUrl: string | null;
  freezeOverride: { by: string; note: string } | null;
  /** When someone last nudged its approvers. */
  nudgedAt: string | null;
  /** When the next nudge is possible, while it is not yet (at most once an hour); null: now. */
  nextNudgeAt: string | null;
  /** Live for a waiting promotion; the one it was decided on otherwise. */
  gates: GateEvaluation | null;
  approvals: { memberId: string; name: string; decision: ApprovalDecision; comment: string | null; roles: Role[]; at: string }[];
  /** What the member asking may do now, and why not. */
  actions: PromotionActions;
};

/** What a nudge did. */
export type NudgeDto = {
  /** Who was asked to approve. */
  nudged: { memberId: string; name: string }[];
  nudgedAt: string;
  /** When its approvers may be nudged again. */
  nextNudgeAt: string;
};
