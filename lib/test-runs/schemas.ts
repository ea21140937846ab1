import { z } from "zod";
import { MENTION_HELP } from "@/lib/mentions/tokens";
import type { CaseKind, CasePriority, ResultSource, ResultStatus, SignOffDecision } from "@/lib/generated/prisma/enums";
import type { CaseSnapshot } from "@/lib/test-cases/schemas";
import { tagSchema } from "@/lib/test-cases/schemas";
import { DEFECT_KINDS, defectUrlProblem } from "./defect-url";
import { WARNING_CODES } from "./import-warnings";
import type { TesterProgressDto } from "./assignment-schemas";

/** A release named in a request (a promotion, a run): its version, as typed. */
export const releaseChoice = z
  .string({ error: "Choose a release" })
  .trim()
  .min(1, "Choose a release")
  .max(100, "A release version has at most 100 characters");

/** An environment named in a request, by name. */
export const environmentChoice = z
  .string({ error: "Choose an environment" })
  .trim()
  .min(1, "Choose an environment")
  .max(40, "An environment name has at most 40 characters");

export const RESULT_STATUSES = ["UNTESTED", "PASSED", "FAILED", "BLOCKED", "SKIPPED"] as const satisfies readonly ResultStatus[];
export const resultLabels: Record<ResultStatus, string> = {
  UNTESTED: "untested",
  PASSED: "passed",
  FAILED: "failed",
  BLOCKED: "blocked",
  SKIPPED: "skipped",
};
/** Results a sign-off must waive, one by one, with a reason. */
export const NEEDS_WAIVER: ResultStatus[] = ["FAILED", "BLOCKED", "UNTESTED"];

export const createRunSchema = z
  .object({
    release: releaseChoice,
    environment: environmentChoice,
    name: z
      .string()
      .trim()
      .max(200, "Use at most 200 characters")
      .optional()
      .transform((value) => value || undefined),
    all: z.boolean().default(false),
    suites: z
      .array(z.uuid({ error: "Not a valid suite id" }))
      .max(200)
      .default([]),
    tags: z.array(tagSchema).max(20).default([]),
  })
  .superRefine((input, ctx) => {
    if (!input.all && input.suites.length === 0 && input.tags.length === 0) {
      ctx.addIssue({ code: "custom", path: ["suites"], message: "Choose suites or tags, or all cases" });
    }
  });
export type CreateRunInput = z.input<typeof createRunSchema>;

export const recordResultSchema = z.object({
  status: z.enum(RESULT_STATUSES, { error: "status is UNTESTED, PASSED, FAILED, BLOCKED or SKIPPED" }),
  note: z
    .string()
    .trim()
    .max(5000, "Use at most 5000 characters")
    .optional()
    .transform((value) => value || null)
    .describe(MENTION_HELP),
  durationMs: z.number().int().min(0).max(86_400_000).optional(),
});
export type RecordResultInput = z.input<typeof recordResultSchema>;

/** Takes back the caller's latest recording of a result, naming the status it set (a check that it is still the latest). */
export const undoResultSchema = z.object({
  status: z.enum(RESULT_STATUSES, { error: "status is the status being undone: UNTESTED, PASSED, FAILED, BLOCKED or SKIPPED" }),
});
export type UndoResultInput = z.input<typeof undoResultSchema>;

/** What a step of a result can be: untested until marked, then passed, failed or blocked. */
const STEP_STATUSES = ["UNTESTED", "PASSED", "FAILED", "BLOCKED"] as const satisfies readonly ResultStatus[];
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Marks one step of a result; the case's result follows (lib/test-runs/step-results.ts). */
export const recordStepSchema = z
  .object({
    status: z
      .enum(STEP_STATUSES, { error: "status is PASSED, FAILED, BLOCKED or UNTESTED" })
      .optional()
      .describe("Left out: the step keeps its status (a change of its actual result alone)"),
    actual: z
      .string({ error: "actual is the text of what happened" })
      .trim()
      .max(5000, "Use at most 5000 characters")
      .nullable()
      .optional()
      .transform((value) => (value === undefined ? undefined : value || null))
      .describe("The actual result, beside the step's expected one; left out: kept as it was; empty or null: removed"),
  })
  .superRefine((input, ctx) => {
    if (input.status === undefined && input.actual === undefined)
      ctx.addIssue({ code: "custom", path: ["status"], message: "Give the step's status, its actual result, or both" });
  });
export type RecordStepInput = z.input<typeof recordStepSchema>;

/** A step of a result as it was last marked. */
const stepResultSchema = z.object({
  position: z.number().int().describe("The step's place (from 1) in the case revision the run pinned"),
  status: z.enum(STEP_STATUSES),
  actual: z.string().nullable().describe("What the tester saw"),
  by: z.string().describe("Who marked it last"),
  at: z.string().describe("When (ISO 8601)"),
});
export type StepResultDto = z.infer<typeof stepResultSchema>;

/** Results that can get a new defect link. */
export const LINKS_DEFECTS: ResultStatus[] = ["FAILED", "BLOCKED"];

/** Links an issue (GitHub, GitLab, Jira, any http(s) page) to a failed or blocked result's case. */
export const linkDefectSchema = z.object({
  url: z
    .string({ error: "Paste the issue's address" })
    .trim()
    .min(1, "Paste the issue's address")
    .max(2000, "An address has at most 2000 characters")
    .superRefine((url, ctx) => {
      const problem = defectUrlProblem(url);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .describe(
      "The issue's http(s) address: GitHub issues and pull requests, GitLab issues and merge requests (any host, `/-/issues/12`), Jira issues (`/browse/PROJ-42` or `selectedIssue=PROJ-42`, any host) are recognised; any other page is linked as it is",
    ),
});
export type LinkDefectInput = z.input<typeof linkDefectSchema>;

/** A defect link as a result shows it: linked in this run, or a known issue from an earlier run of the case. */
export const knownIssueSchema = z.object({
  id: z.uuid(),
  url: z.string().describe("The issue's address"),
  label: z
    .string()
    .describe(
      "How it is shown: org/repo#123 (GitHub), group/sub/repo#12 or group/repo!7 (a GitLab issue or merge request), PROJ-42 (Jira), else host and path, shortened",
    ),
  kind: z.enum(DEFECT_KINDS),
  linkedAt: z.string().describe("When it was linked (ISO 8601)"),
  linkedBy: z.string().describe("Who linked it"),
  linkedById: z.uuid(),
  run: z
    .object({ id: z.uuid(), number: z.number().int() })
    .describe("The run it was linked in: in a later run of the case it is a known issue"),
  resultId: z.uuid().describe("The result it was linked from"),
});
export type KnownIssueDto = z.infer<typeof knownIssueSchema>;

/** What GET /runs/{id} answers, as far as the OpenAPI document describes it: each result's known issues. */
export const runWithKnownIssuesSchema = z
  .object({
    results: z.array(
      z
        .object({
          id: z.uuid(),
          caseKey: z.string(),
          status: z.enum(RESULT_STATUSES),
          knownIssues: z
            .array(knownIssueSchema)
            .describe("Defect links of the case made in this run or an earlier one of the project, until removed; oldest first"),
          steps: z.array(stepResultSchema).describe("The steps marked so far, by position; a step left out is untested"),
        })
        .loose(),
    ),
  })
  .loose();

export const signOffSchema = z.object({
  decision: z.enum(["SIGNED_OFF", "BLOCKED"], { error: "decision is SIGNED_OFF or BLOCKED" }),
  comment: z.string({ error: "Write a comment" }).trim().min(1, "Write a comment").max(5000, "Use at most 5000 characters"),
  waivers: z
    .array(
      z.object({
        resultId: z.uuid({ error: "Not a valid result id" }),
        reason: z.string({ error: "Give a reason" }).trim().min(1, "Give a reason for this waiver").max(2000),
      }),
    )
    .max(10_000)
    .default([]),
});
export type SignOffInput = z.input<typeof signOffSchema>;

export type StatusCounts = Record<ResultStatus, number>;

export type SignOffDto = {
  id: string;
  decision: SignOffDecision;
  comment: string;
  by: string;
  at: string;
  voided: { at: string; reason: string | null } | null;
  /** A sign-off whose author is no longer an active QA member does not count, and says why. */
  notCounted: string | null;
  waivers: { resultId: string; caseKey: string; reason: string }[];
};

export type RunSummaryDto = {
  id: string;
  number: number;
  name: string;
  project: { slug: string; key: string };
  release: { id: string; version: string };
  environment: { id: string; name: string };
  createdAt: string;
  createdBy: string;
  total: number;
  counts: StatusCounts;
  /** The run's latest decision, voided or not. */
  signOff: SignOffDto | null;
};

export type ResultDto = {
  id: string;
  caseId: string;
  caseKey: string;
  /** The title as the run pinned it (the case's revision when the run started). */
  title: string;
  suite: string | null;
  kind: CaseKind;
  priority: CasePriority;
  status: ResultStatus;
  source: ResultSource;
  flaky: boolean;
  note: string | null;
  durationMs: number | null;
  by: string | null;
  at: string | null;
  caseRevision: number;
  /** The case was edited after the run pinned it. */
  newerRevision: boolean;
  /** Defect links of the case: linked in this run (`run.id` is this run's) or known issues from an earlier one. */
  knownIssues: KnownIssueDto[];
  /** The steps marked so far, by position (a step left out is untested). */
  steps: StepResultDto[];
  /** The tester who is to execute it, or null: anyone. */
  assignee: { id: string; name: string } | null;
};

export type RunDto = RunSummaryDto & {
  results: ResultDto[];
  /** Each tester given cases in this run, by name, with their progress. */
  testers: TesterProgressDto[];
  /** `upload`: on an upload's latest file (`?upload=`, several files), the files so far with each test once. */
  imports: { id: string; fileName: string | null; at: string; by: string; summary: ImportSummary; upload: UploadTotal | null }[];
};

export type ResultDetailDto = {
  id: string;
  caseKey: string;
  status: ResultStatus;
  output: string | null;
  /** The case as the run pinned it. */
  pinned: CaseSnapshot & { revision: number };
  /** The steps marked so far, by position (a step left out is untested). */
  steps: StepResultDto[];
  /** The result's statuses and its steps' changes, oldest first; `step` names a step's change (its note: the actual result). */
  history: {
    status: ResultStatus;
    note: string | null;
    by: string;
    at: string;
    source: ResultSource;
    flaky: boolean;
    step: number | null;
    /** A step's change: of its status (its actual result may have changed too), or of its actual result alone. Null for the case's own. */
    stepChange: "status" | "actual" | null;
    /** The case's own change that marking a step gave it: that step's position; null otherwise. */
    fromStep: number | null;
  }[];
};

/** Something an import stored differently from what the report said. */
const importWarningSchema = z.object({
  code: z
    .enum(WARNING_CODES)
    .describe(
      "duration-dropped: a time that is no duration; unknown-case: a case reference naming no case; attachment-left-out: an attachment path too long, beyond a test's 20, or outside any test; attachment-not-uploaded: a file the report names that the request did not carry; attachment-not-named: a file the request carried that no test names",
    ),
  count: z.number().int().describe("How many tests it concerns"),
  message: z.string().describe("What happened, with the first few tests it concerns"),
  examples: z.array(z.string()),
});

/** What a JUnit import found and did; the answer of an upload, also kept with the import. */
export const importSummarySchema = z.object({
  tests: z.number().int().describe("Tests in the report: each test once, however many attempts (retries) it held"),
  passed: z.number().int(),
  failed: z.number().int().describe("Failed (the last attempt had a failure)"),
  errors: z.number().int().describe("Failed with an error (the last attempt had an error, or a suite failed outside its tests)"),
  skipped: z.number().int(),
  flaky: z.number().int().describe("Both failed and passed on this release in this environment"),
  matched: z.number().int().describe("Mapped to existing cases"),
  created: z.number().int().describe("New automated cases made for unknown tests"),
  changed: z.number().int().describe("Results that changed in the run"),
  warnings: z.array(importWarningSchema).describe("Durations dropped, case references that named no case, attachments not stored"),
  attachments: z
    .number()
    .int()
    .describe("Files uploaded with the report (multipart) and stored as attachments of the results of the tests that name them"),
  duplicate: z.boolean().describe("This very file was attached before: nothing changed"),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

/** Where an upload by release and environment lands. */
export const uploadResultsQuerySchema = z.object({
  release: z
    .string({ error: "Name the release (?release=v1.4.0)" })
    .trim()
    .min(1, "Name the release (?release=v1.4.0)")
    .max(100, "A release version has at most 100 characters"),
  environment: z
    .string({ error: "Name the environment (?environment=staging)" })
    .trim()
    .min(1, "Name the environment (?environment=staging)"),
  run: z
    .string()
    .regex(/^\d+$/, "A run number, like 12")
    .optional()
    .describe("A run number of that release in that environment; default: the newest open one, or a new run"),
  upload: z
    .uuid({ error: "An upload id is a UUID of your choosing, the same for every file of one upload" })
    .optional()
    .describe(
      "Several files sent one request each: the same UUID on each makes the answer's `upload` add up this file and the ones before it, each test once (a test in a later file is a retry of the one in an earlier file)",
    ),
});

/** The files of one upload (`?upload=`) so far: each test once, as the latest file left it. */
const uploadTotalSchema = importSummarySchema
  .omit({ changed: true, duplicate: true, attachments: true })
  .extend({ files: z.number().int().describe("Files attached under this upload id so far (a file attached before is not counted again)") });
export type UploadTotal = z.infer<typeof uploadTotalSchema>;

export const uploadSummarySchema = importSummarySchema.extend({
  run: z.object({ id: z.string(), number: z.number().int(), name: z.string(), created: z.boolean(), url: z.string() }),
  upload: uploadTotalSchema.optional().describe("With ?upload=: this file and the earlier ones of the same upload, each test counted once"),
});
export type UploadSummary = z.infer<typeof uploadSummarySchema>;
