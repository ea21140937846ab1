import { z } from "zod";
import { repositoryLocation } from "@/lib/egress/targets";
import type { PolicyFlags } from "@/lib/environments/schemas";
import type { DeployTarget, Role } from "@/lib/generated/prisma/enums";

export const createProjectSchema = z.object({
  name: z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(80, "Use at most 80 characters"),
  slug: z
    .string({ error: "Enter a URL name" })
    .trim()
    .toLowerCase()
    .min(2, "Use at least 2 characters")
    .max(40, "Use at most 40 characters")
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, digits and single dashes, like checkout-service"),
  key: z
    .string({ error: "Enter a key" })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z][A-Z0-9]{1,9}$/, "Use 2–10 upper-case letters or digits, starting with a letter, like CHK"),
  description: z
    .string()
    .trim()
    .max(500, "Use at most 500 characters")
    .optional()
    .transform((value) => (value ? value : undefined)),
});
export type CreateProjectInput = z.input<typeof createProjectSchema>;

/** One allowed deploy target: an http(s) URL prefix, or a repository (URL, user@host:path, absolute path). */
const allowedTarget = z
  .string({ error: "Enter a URL prefix or a repository" })
  .trim()
  .min(1, "Enter a URL prefix or a repository")
  .max(500, "Use at most 500 characters")
  .superRefine((value, ctx) => {
    if (/^https?:\/\//i.test(value)) {
      if (!URL.canParse(value)) ctx.addIssue({ code: "custom", message: "Not a valid URL" });
      return;
    }
    const location = repositoryLocation(value);
    if (location.kind === "unsupported") ctx.addIssue({ code: "custom", message: `Not a URL prefix or a repository: ${location.reason}` });
  });

export const allowedDeployTargetsSchema = z.object({
  allowed: z
    .array(allowedTarget, { error: "allowed is a list of URL prefixes and repositories" })
    .max(50, "At most 50 entries")
    .transform((list) => [...new Set(list)]),
});
export type AllowedDeployTargetsDto = { allowed: string[] };

/**
 * The project's source repository, read to list the commits a promotion brings: a URL (https://,
 * ssh://, git://), user@host:path, or an absolute path (where SHIPROOM_GIT_LOCAL_PATHS allows it).
 * Empty or null forgets it.
 */
const repositoryField = z
  .string({ error: "Enter a repository URL or path" })
  .trim()
  .max(500, "Use at most 500 characters")
  .nullable()
  .transform((value) => (value ? value : null))
  .superRefine((value, ctx) => {
    if (value === null) return;
    const location = repositoryLocation(value);
    if (location.kind === "unsupported") ctx.addIssue({ code: "custom", message: `Not a repository: ${location.reason}` });
  });
export const projectRepositorySchema = z.object({ repository: repositoryField });
/** The repository named, and (when one is) whether Shiproom could read it just now (lib/gitops/git.ts probeRepository). */
export type ProjectRepositoryDto = {
  repository: string | null;
  reach: { readable: true; branches: number } | { readable: false; problem: string } | null;
};

export type EnvironmentDto = PolicyFlags & {
  id: string;
  name: string;
  position: number;
  signOffEnvironmentId: string | null;
  maxFailedTests: number | null;
  deployTarget: DeployTarget;
  approvalRules: { role: Role; minCount: number }[];
  policyVersion: number;
};

export type ProjectDto = {
  id: string;
  slug: string;
  key: string;
  name: string;
  description: string | null;
  /** The source repository commits are listed from (null: none named). */
  repository: string | null;
  /** The pipeline is managed as code (shiproom.yaml). */
  pipelineManaged: boolean;
  createdAt: string;
  environments: EnvironmentDto[];
};

export type ProjectSummaryDto = {
  id: string;
  slug: string;
  key: string;
  name: string;
  description: string | null;
  environmentNames: string[];
  releaseCount: number;
  latestRelease: { version: string; createdAt: string } | null;
};

/** The pipeline a new project starts with: dev → staging → production. */
export const DEFAULT_PIPELINE = [
  { name: "dev", autoPromote: true, requirePreviousSuccess: false, approvalRules: [] },
  { name: "staging", autoPromote: false, requirePreviousSuccess: true, approvalRules: [] },
  {
    name: "production",
    autoPromote: false,
    requirePreviousSuccess: true,
    approvalRules: [{ role: "OPS" as Role, minCount: 1 }],
    /** The gate QA owns: a valid sign-off of the release on staging. */
    signOffIn: "staging",
  },
] as const;
