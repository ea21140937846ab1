import { z } from "zod";
import { MENTION_HELP } from "@/lib/mentions/tokens";
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";

export const createReleaseSchema = z.object({
  version: z
    .string({ error: "Enter a version" })
    .trim()
    .min(1, "Enter a version")
    .max(100, "Use at most 100 characters")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, "Use letters, digits, dots, dashes, pluses and underscores, like v1.4.0"),
  commitSha: z
    .string({ error: "Enter the commit" })
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{7,64}$/, "Enter the commit SHA: 7 to 64 hexadecimal characters"),
  artifactRef: z
    .string()
    .trim()
    .max(500, "Use at most 500 characters")
    .optional()
    .transform((value) => value || undefined),
  notes: z
    .string()
    .trim()
    .max(20_000, "Use at most 20,000 characters")
    .optional()
    .transform((value) => value || undefined),
  committedAt: z
    // RFC 3339 also allows a lower-case t and z, and a space between date and time (its note to 5.6).
    .preprocess(
      (value) => (typeof value === "string" ? value.replace(/^(\d{4}-\d\d-\d\d)[tT ]/, "$1T").replace(/z$/, "Z") : value),
      z.iso.datetime({ offset: true, error: "When the commit was made, as an RFC 3339 date-time, like 2026-10-01T09:30:00Z" }).nullish(),
    )
    .describe(
      "When the commit was made (RFC 3339, from 1970; `git show -s --format=%cI`): lead time for changes starts here, else at the registration. A time up to 5 minutes ahead (a fast clock) counts as the registration's",
    )
    // Git's times count from 1970 (Unix time); an earlier year is a mistake, often a two-digit one.
    .refine(
      (value) => value == null || Date.parse(value) >= 0,
      "A commit is made at 1970-01-01T00:00:00Z (UTC) or later: git's time starts there",
    )
    // A clock a few minutes fast is forgiven; a date in the future is a mistake that would make lead times negative.
    .refine((value) => value == null || Date.parse(value) <= Date.now() + 5 * 60_000, "The commit cannot be made in the future")
    .transform((value) => (value == null ? undefined : new Date(value))),
});
export type CreateReleaseInput = z.input<typeof createReleaseSchema>;

export const abandonReleaseSchema = z.object({
  reason: z.string({ error: "Say why it is abandoned" }).trim().min(1, "Say why it is abandoned").max(2000),
});

export const commentSchema = z.object({
  body: z
    .string({ error: "Write a comment" })
    .trim()
    .min(1, "Write a comment")
    .max(10_000, "Use at most 10,000 characters")
    .describe(MENTION_HELP),
});

type ReleaseSummaryDto = {
  id: string;
  version: string;
  commitSha: string;
  artifactRef: string | null;
  createdAt: string;
  createdBy: string;
  abandoned: boolean;
  /** Where it runs now, in pipeline order. */
  runningIn: string[];
};

export type ReleaseListDto = { releases: ReleaseSummaryDto[]; total: number; page: number; pageSize: number };

export type TimelineItem = {
  seq: string;
  at: string;
  actor: string;
  actorKind: string;
  action: string;
  text: string;
  reason: string | null;
  /** Comments keep their body (Markdown; mentions as `@[Name](member:<id>)`, by current name) and id; promotions their number and environment. */
  body?: string;
  commentId?: string;
  deploymentNumber?: number;
  environment?: string;
};

export type ReleaseDto = {
  id: string;
  version: string;
  commitSha: string;
  artifactRef: string | null;
  notes: string | null;
  createdAt: string;
  /** When its commit was made, as registered (null: not said). */
  committedAt: string | null;
  createdBy: string;
  abandoned: { at: string; reason: string | null } | null;
  project: { id: string; slug: string; name: string };
  /** Per environment, in pipeline order: the latest promotion of this release there. */
  environments: {
    id: string;
    name: string;
    status: DeploymentStatus | null;
    number: number | null;
    at: string | null;
    current: boolean;
    /** It succeeded here and was then rolled back: by whom and why. */
    rolledBack: { by: string | null; reason: string | null } | null;
  }[];
  /** Test runs of this release, newest first, with where QA stands. */
  runs: {
    id: string;
    number: number;
    name: string;
    environment: string;
    total: number;
    state: "signed off" | "blocked" | "voided" | "not signed";
  }[];
  timeline: TimelineItem[];
};
