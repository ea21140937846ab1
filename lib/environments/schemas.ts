import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";
import { isValidTimeZone, localMoment } from "@/lib/promotions/freeze";
import type { Role } from "@/lib/generated/prisma/enums";
import { hookUrlSchema } from "@/lib/webhooks/schemas";
import { durationSchema } from "./duration";

const timeZone = z
  .string({ error: "Choose a time zone" })
  .trim()
  .max(64, "Use an IANA time zone name, like Europe/Berlin")
  .superRefine((value, ctx) => {
    if (!isValidTimeZone(value))
      ctx.addIssue({ code: "custom", message: `Unknown time zone "${value}" (use an IANA name like Europe/Berlin)` });
  });
const clock = z.string({ error: "Enter a time" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM, like 16:00");
const weekday = z
  .number({ error: "Choose a day" })
  .int()
  .min(1, "Choose a day from 1 (Monday) to 7 (Sunday)")
  .max(7, "Choose a day from 1 (Monday) to 7 (Sunday)");
const label = z.string({ error: "Name the freeze" }).trim().min(1, "Name the freeze").max(100, "Use at most 100 characters");
/** "2026-11-27T16:00" (wall clock in the window's zone) or an ISO instant with an offset. */
const moment = z
  .string({ error: "Enter a date and time" })
  .trim()
  .min(1, "Enter a date and time")
  .max(40, "Use a date and time, like 2026-11-27T16:00");

const freezeWindowInputSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("ONE_OFF"), label, timeZone, startsAt: moment, endsAt: moment }),
    z.object({ kind: z.literal("WEEKLY"), label, timeZone, startDay: weekday, startTime: clock, endDay: weekday, endTime: clock }),
  ],
  { error: "kind must be ONE_OFF or WEEKLY" },
);

export const updatePolicySchema = z
  .object({
    version: z.number({ error: "version is required" }).int().min(0),
    autoPromote: z.boolean(),
    requirePreviousSuccess: z.boolean(),
    requesterMayApprove: z.boolean(),
    authorMayApprove: z.boolean(),
    rollbackDuringFreeze: z.boolean(),
    rollbackNeedsApproval: z.boolean(),
    deployTarget: z.enum(["MANUAL", "WEBHOOK", "GIT"], { error: "deployTarget is MANUAL, WEBHOOK or GIT" }),
    /** Where the deploy hook is POSTed when the target is WEBHOOK. */
    deployHookUrl: hookUrlSchema.nullable().default(null),
    /** Where promotions are committed when the target is GIT. */
    deployGit: z
      .object({
        repository: z.string({ error: "Enter a repository path or URL" }).trim().min(1, "Enter a repository path or URL").max(500),
        branch: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9._/-]{1,100}$/, "A branch name, like main")
          .default("main"),
        path: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9._{}/-]{1,200}$/, "A relative path; {project} and {environment} are filled in")
          .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), "A relative path inside the repository")
          .default("environments/{environment}.yaml"),
        /** For a remote over HTTPS: kept encrypted; leave both empty to keep the stored ones. */
        username: z.string().trim().max(200).optional(),
        token: z.string().trim().max(2000).optional(),
      })
      .nullable()
      .default(null),
    /** Requires QA's sign-off of the release in this (earlier) environment; null: none. */
    signOffEnvironmentId: z.uuid({ error: "Choose an environment" }).nullable().default(null),
    maxFailedTests: z.number({ error: "Enter a number" }).int().min(0, "At least 0").max(100_000).nullable().default(null),
    approvalRules: z
      .array(
        z.object({ role: roleSchema, minCount: z.number({ error: "Enter a number" }).int().min(1, "At least 1").max(50, "At most 50") }),
      )
      .max(4),
    freezeWindows: z.array(freezeWindowInputSchema).max(20, "At most 20 freeze windows"),
    /** Remind who may still approve a waiting promotion every so long ("4h"); null: never. */
    remindAfter: durationSchema(true),
    /** Tell the admins once when a promotion still waits for approvals after so long ("1d"); null: never. */
    escalateAfter: durationSchema(true),
  })
  .superRefine((input, ctx) => {
    if (input.deployTarget === "WEBHOOK" && !input.deployHookUrl)
      ctx.addIssue({ code: "custom", path: ["deployHookUrl"], message: "Enter the URL the deploy hook is sent to" });
    if (input.deployTarget === "GIT" && !input.deployGit)
      ctx.addIssue({ code: "custom", path: ["deployGit", "repository"], message: "Enter a repository path or URL" });
    const seen = new Set<Role>();
    input.approvalRules.forEach((rule, index) => {
      if (seen.has(rule.role))
        ctx.addIssue({
          code: "custom",
          path: ["approvalRules", index, "role"],
          message: `${rule.role} appears twice: use one rule per role`,
        });
      seen.add(rule.role);
    });
    input.freezeWindows.forEach((window, index) => {
      if (window.kind === "WEEKLY") {
        if (window.startDay === window.endDay && window.startTime === window.endTime) {
          ctx.addIssue({
            code: "custom",
            path: ["freezeWindows", index, "endTime"],
            message: "A weekly freeze must end at another time than it starts",
          });
        }
        return;
      }
      if (!isValidTimeZone(window.timeZone)) return;
      const start = localMoment(window.startsAt, window.timeZone);
      const end = localMoment(window.endsAt, window.timeZone);
      if (!start.ok) ctx.addIssue({ code: "custom", path: ["freezeWindows", index, "startsAt"], message: sentence(start.message) });
      if (!end.ok) ctx.addIssue({ code: "custom", path: ["freezeWindows", index, "endsAt"], message: sentence(end.message) });
      if (start.ok && end.ok && end.instant <= start.instant) {
        ctx.addIssue({ code: "custom", path: ["freezeWindows", index, "endsAt"], message: "Must be after the start" });
      }
    });
  });
export type UpdatePolicyInput = z.input<typeof updatePolicySchema>;

export type FreezeWindowDto =
  | { kind: "ONE_OFF"; label: string; timeZone: string; startsAt: string; endsAt: string; description: string }
  | {
      kind: "WEEKLY";
      label: string;
      timeZone: string;
      startDay: number;
      startTime: string;
      endDay: number;
      endTime: string;
      description: string;
    };

/** The switches of an environment's policy. */
export type PolicyFlags = {
  autoPromote: boolean;
  requirePreviousSuccess: boolean;
  requesterMayApprove: boolean;
  authorMayApprove: boolean;
  rollbackDuringFreeze: boolean;
  rollbackNeedsApproval: boolean;
};

export type EnvironmentPolicyDto = PolicyFlags & {
  id: string;
  name: string;
  position: number;
  version: number;
  deployTarget: "MANUAL" | "WEBHOOK" | "GIT";
  /** The deploy hook when the target is WEBHOOK: its URL and the first characters of its secret. */
  deployHook: { url: string; secretPrefix: string } | null;
  /** The git target: where promotions are committed (credentials are never shown). */
  deployGit: { repository: string; branch: string; path: string; hasCredentials: boolean } | null;
  signOffEnvironmentId: string | null;
  maxFailedTests: number | null;
  /** "4h": how often who may still approve a waiting promotion is reminded; null: never. */
  remindAfter: string | null;
  /** "1d": when the admins are told a promotion still waits for approvals; null: never. */
  escalateAfter: string | null;
  approvalRules: { role: Role; minCount: number }[];
  freezeWindows: FreezeWindowDto[];
  updatedAt: string;
  updatedBy: string | null;
};

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A one-off window's moment (wall clock in its zone, or ISO with offset) as an instant; validated input only. */
export function toInstant(moment: string, zone: string): Date {
  const result = localMoment(moment, zone);
  if (!result.ok) throw new Error(`${moment} in ${zone}: ${result.message}`);
  return result.instant;
}

/** A saved policy; `deployHookSecret` only in the answer that made the deploy hook's secret. */
export type SavedPolicyDto = EnvironmentPolicyDto & { deployHookSecret?: string };
