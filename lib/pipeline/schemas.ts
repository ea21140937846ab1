// shiproom.yaml: a project's pipeline as code — its environments in order and each one's
// policy (approvals, QA sign-off, freezes, automatic promotion, deploy target). Declarative:
// it says what the pipeline must be; `plan` shows the difference, `apply` makes it so.
import { z } from "zod";
import { repositoryLocation } from "@/lib/egress/targets";
import type { Role } from "@/lib/generated/prisma/enums";
import { isValidTimeZone, localMoment as instantOf } from "@/lib/promotions/freeze";
import { durationSchema } from "@/lib/environments/duration";
import { hookUrlSchema } from "@/lib/webhooks/schemas";

export const ROLE_NAMES: Record<string, Role> = { developer: "DEVELOPER", qa: "QA", ops: "OPS", admin: "ADMIN" };
export const roleNameOf = (role: Role) => Object.entries(ROLE_NAMES).find(([, r]) => r === role)![0];
export const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const role = z
  .string({ error: "a role is required" })
  .max(20)
  .superRefine((value, ctx) => {
    if (!(value in ROLE_NAMES)) ctx.addIssue({ code: "custom", message: `unknown role "${value}" (use developer, qa, ops or admin)` });
  });

const timeZone = z
  .string({ error: "a time zone is required" })
  .max(64)
  .superRefine((value, ctx) => {
    if (!isValidTimeZone(value))
      ctx.addIssue({ code: "custom", message: `unknown time zone "${value}" (use an IANA name like Europe/Berlin)` });
  });

/** "fri 16:00": a weekday and a wall-clock time. */
const weeklyMoment = z
  .string({ error: 'use a day and a time, like "fri 16:00"' })
  .regex(/^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):[0-5]\d$/, 'use a day and a time, like "fri 16:00"');

/** "2026-11-27T16:00": a wall-clock moment in the freeze's time zone. */
const localMoment = z
  .string({ error: 'use a date and time, like "2026-11-27T16:00"' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'use a date and time, like "2026-11-27T16:00"');

const label = z.string({ error: "a label is required" }).trim().min(1, "a label is required").max(100, "at most 100 characters");

const freezeSchema = z.union(
  [
    z.strictObject({ label, timeZone, weekly: z.strictObject({ from: weeklyMoment, to: weeklyMoment }) }),
    z.strictObject({ label, timeZone, from: localMoment, to: localMoment }),
  ],
  { error: "a freeze has a label, a timeZone, and either weekly: {from, to} or from and to" },
);

const deploySchema = z.discriminatedUnion(
  "target",
  [
    z.strictObject({ target: z.literal("manual") }),
    z.strictObject({ target: z.literal("webhook"), url: hookUrlSchema }),
    z.strictObject({
      target: z.literal("git"),
      repository: z.string({ error: "a repository is required" }).trim().min(1, "a repository is required").max(500),
      branch: z
        .string()
        .regex(/^[A-Za-z0-9._/-]{1,100}$/, "a branch name of letters, digits, dots, dashes and slashes")
        .default("main"),
      path: z
        .string()
        .regex(/^[A-Za-z0-9._{}/-]{1,200}$/, "a relative path; {project} and {environment} are replaced")
        .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), "a relative path inside the repository")
        .default("environments/{environment}.yaml"),
    }),
  ],
  { error: 'target is "manual", "webhook" or "git"' },
);

const environmentSpecSchema = z.strictObject({
  name: z.string({ error: "a name is required" }).regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "lower-case letters, digits and dashes, like staging"),
  autoPromote: z.boolean({ error: "true or false" }).default(false),
  requirePreviousSuccess: z.boolean({ error: "true or false" }).default(true),
  approvals: z
    .array(
      z.strictObject({ role, count: z.number({ error: "a number" }).int("a whole number").min(1, "at least 1").max(50, "at most 50") }),
    )
    .max(4, "at most 4 rules")
    .default([]),
  requesterMayApprove: z.boolean({ error: "true or false" }).default(false),
  authorMayApprove: z.boolean({ error: "true or false" }).default(false),
  signOff: z
    .strictObject({
      in: z.string({ error: "the environment QA signs off in" }).max(40, "at most 40 characters"),
      maxFailed: z.number({ error: "a number" }).int().min(0).max(100_000).nullable().default(null),
    })
    .nullable()
    .default(null),
  freezes: z.array(freezeSchema).max(20, "at most 20 freezes").default([]),
  rollbacks: z
    .strictObject({
      duringFreeze: z.boolean({ error: "true or false" }).default(true),
      needApproval: z.boolean({ error: "true or false" }).default(false),
    })
    .default({ duringFreeze: true, needApproval: false }),
  deploy: deploySchema.default({ target: "manual" }),
  /** Remind who may still approve a waiting promotion every so long ("4h"); null: never. */
  remindAfter: durationSchema(),
  /** Tell the admins once when a promotion still waits for approvals after so long ("1d"); null: never. */
  escalateAfter: durationSchema(),
});

export const pipelineFileSchema = z
  .strictObject({
    version: z.literal(1, { error: "version: 1 is the only version so far" }),
    /** The project's slug; checked against the project it is applied to. */
    project: z.string().max(40, "at most 40 characters").optional(),
    /**
     * The project's source repository, read to list the commits a promotion brings (a URL,
     * user@host:path, or an absolute path where the server allows it). Left out: the one set in the app stays.
     */
    repository: z
      .string({ error: "a repository URL or path" })
      .trim()
      .min(1, "a repository URL or path")
      .max(500, "at most 500 characters")
      .superRefine((value, ctx) => {
        const location = repositoryLocation(value);
        if (location.kind === "unsupported") ctx.addIssue({ code: "custom", message: `not a repository: ${location.reason}` });
      })
      .optional(),
    environments: z.array(environmentSpecSchema, { error: "a list of environments" }).min(1, "at least one environment").max(50),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.environments.forEach((env, index) => {
      if (seen.has(env.name))
        ctx.addIssue({
          code: "custom",
          path: ["environments", index, "name"],
          message: `"${env.name}" is already environments[${seen.get(env.name)}]`,
        });
      seen.set(env.name, index);
      const rolesSeen = new Set<string>();
      env.approvals.forEach((rule, r) => {
        if (rolesSeen.has(rule.role))
          ctx.addIssue({
            code: "custom",
            path: ["environments", index, "approvals", r, "role"],
            message: `${rule.role} appears twice: one rule per role`,
          });
        rolesSeen.add(rule.role);
      });
      if (env.signOff && !(seen.has(env.signOff.in) && seen.get(env.signOff.in)! < index))
        ctx.addIssue({
          code: "custom",
          path: ["environments", index, "signOff", "in"],
          message: `"${env.signOff.in}" is not an environment before ${env.name}`,
        });
      env.freezes.forEach((freeze, f) => {
        if ("weekly" in freeze && freeze.weekly.from === freeze.weekly.to)
          ctx.addIssue({ code: "custom", path: ["environments", index, "freezes", f, "weekly", "to"], message: "must differ from from" });
        if ("from" in freeze && isValidTimeZone(freeze.timeZone)) {
          // The same rule as the policy editor's (lib/promotions/freeze.ts): what is refused there is refused here.
          const from = instantOf(freeze.from, freeze.timeZone);
          const to = instantOf(freeze.to, freeze.timeZone);
          if (!from.ok) ctx.addIssue({ code: "custom", path: ["environments", index, "freezes", f, "from"], message: from.message });
          if (!to.ok) ctx.addIssue({ code: "custom", path: ["environments", index, "freezes", f, "to"], message: to.message });
          if (from.ok && to.ok && to.instant <= from.instant)
            ctx.addIssue({ code: "custom", path: ["environments", index, "freezes", f, "to"], message: "must be after from" });
        }
      });
    });
  });

export type PipelineFile = z.output<typeof pipelineFileSchema>;
export type EnvironmentSpec = PipelineFile["environments"][number];
export type FreezeSpec = EnvironmentSpec["freezes"][number];
export type DeploySpec = EnvironmentSpec["deploy"];

/** A problem in the file: where (a path like environments[2].approvals[0].role, and the line) and what. */
export type PipelineProblem = { path: string; message: string; line?: number; column?: number };

/** What apply changes (plan shows it before). */
export type PipelineChange =
  | { kind: "add"; environment: string; position: number }
  | { kind: "remove"; environment: string }
  | { kind: "move"; environment: string; from: number; to: number }
  | { kind: "change"; environment: string; field: string; before: string; after: string }
  /** The project's source repository ("none" when it has none). */
  | { kind: "repository"; before: string; after: string };

export type PlanDto = {
  project: string;
  revision: string;
  changes: PipelineChange[];
  /** Where the live pipeline comes from: the revision applied last, if it is managed as code. */
  managed: { revision: string; appliedAt: string; appliedBy: string } | null;
};

/** The gate a weakening touches, as the file names it. */
export type WeakenedGate =
  | "environment"
  | "previousSuccess"
  | "approvals"
  | "requesterMayApprove"
  | "authorMayApprove"
  | "signOff"
  | "maxFailed"
  | "freezes"
  | "rollbacks"
  | "autoPromote"
  | "deploy";

export type GateWeakening = { environment: string; gate: WeakenedGate; message: string };

/** A token's file that weakens a gate, waiting for an admin (or decided). */
export type PendingChangeDto = {
  id: string;
  status: "PENDING" | "APPLIED" | "REJECTED" | "REPLACED";
  revision: string;
  /** The token (or person) that sent the file. */
  proposedBy: string;
  createdAt: string;
  /** The gates it weakened when it was sent. */
  weakenings: GateWeakening[];
  decidedAt: string | null;
  decidedBy: string | null;
  /** An admin's comment, the reason it was rejected, or what replaced it. */
  decisionNote: string | null;
  /** Where people review it (the app), and where the API answers for it. */
  links: { review: string; api: string };
};

/** A pending change with its plan against the live pipeline now (what approving it would do). */
export type PendingChangeDetailDto = PendingChangeDto & {
  yaml: string;
  /** Planned against the live pipeline now; null once it is decided. */
  plan: { changes: PipelineChange[]; weakenings: GateWeakening[]; planDigest: string } | null;
  /** Why the file no longer applies to the live pipeline (when it does not). */
  problem: string | null;
};

export type ApplyDto = PlanDto & {
  applied: boolean;
  /** Secrets of deploy hooks made by this apply: shown here, once. */
  deployHookSecrets: Record<string, string>;
  /** Set when the file weakens a gate and was sent by a token: nothing was applied, it waits for an admin. */
  pendingChange: PendingChangeDto | null;
};

export const decidePipelineChangeSchema = z.object({
  /** The digest of the plan the admin was shown: if the live pipeline changed since, nothing is applied (409). */
  planDigest: z.string().max(100).optional(),
  comment: z.string().trim().max(2000, "Use at most 2,000 characters").optional(),
});

export const rejectPipelineChangeSchema = z.object({
  reason: z.string({ error: "Say why it is rejected" }).trim().min(1, "Say why it is rejected").max(2000, "Use at most 2,000 characters"),
});
