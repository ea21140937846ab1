import { z } from "zod";
import type { CaseKind, CasePriority, ResultStatus } from "@/lib/generated/prisma/enums";

export const PRIORITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const satisfies readonly CasePriority[];
export const priorityLabels: Record<CasePriority, string> = { LOW: "Low", MEDIUM: "Medium", HIGH: "High", CRITICAL: "Critical" };

const uuid = z.uuid({ error: "Not a valid id" });

export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._:-]{0,39}$/, "Tags are 1–40 lower-case letters, digits, dots, dashes or colons, like smoke or area:payments");

const stepSchema = z.object({
  action: z.string({ error: "Describe the step" }).trim().min(1, "Describe the step").max(2000, "Use at most 2000 characters"),
  expected: z.string().trim().max(2000, "Use at most 2000 characters").default(""),
});

export const caseInputSchema = z
  .object({
    title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(300, "Use at most 300 characters"),
    preconditions: z
      .string()
      .trim()
      .max(5000, "Use at most 5000 characters")
      .optional()
      .transform((value) => value || null),
    steps: z.array(stepSchema).max(100, "At most 100 steps").default([]),
    priority: z.enum(PRIORITIES, { error: "Priority is LOW, MEDIUM, HIGH or CRITICAL" }).default("MEDIUM"),
    tags: z
      .array(tagSchema)
      .max(20, "At most 20 tags")
      .default([])
      .transform((tags) => [...new Set(tags)].sort()),
    suiteId: uuid
      .nullable()
      .optional()
      .transform((value) => value ?? null),
    kind: z.enum(["MANUAL", "AUTOMATED"], { error: "Kind is MANUAL or AUTOMATED" }).default("MANUAL"),
    automationId: z
      .string()
      .trim()
      .max(500, "Use at most 500 characters")
      .optional()
      .transform((value) => value || null),
  })
  .superRefine((input, ctx) => {
    if (input.kind === "AUTOMATED" && !input.automationId) {
      ctx.addIssue({
        code: "custom",
        path: ["automationId"],
        message: "An automated case needs the automation id its JUnit results carry (classname.name)",
      });
    }
  });
export type CaseInput = z.input<typeof caseInputSchema>;
export type CaseFields = z.output<typeof caseInputSchema>;

export const updateCaseSchema = z.intersection(
  caseInputSchema,
  z.object({ revision: z.number({ error: "revision is required" }).int().min(1) }),
);

export const bulkCasesSchema = z.object({
  caseIds: z.array(uuid).min(1, "Choose at least one case").max(1000, "At most 1000 cases at once"),
  change: z.discriminatedUnion(
    "action",
    [
      z.object({ action: z.literal("addTags"), tags: z.array(tagSchema).min(1, "Name a tag").max(20) }),
      z.object({ action: z.literal("removeTags"), tags: z.array(tagSchema).min(1, "Name a tag").max(20) }),
      z.object({ action: z.literal("move"), suiteId: uuid.nullable() }),
      z.object({ action: z.literal("archive") }),
      z.object({ action: z.literal("unarchive") }),
    ],
    { error: "action is addTags, removeTags, move, archive or unarchive" },
  ),
});
export type BulkCasesInput = z.input<typeof bulkCasesSchema>;

export const suiteInputSchema = z.object({
  name: z.string({ error: "Name the suite" }).trim().min(1, "Name the suite").max(100, "Use at most 100 characters"),
  parentId: uuid
    .nullable()
    .optional()
    .transform((value) => value ?? null),
});

export const CASES_PAGE_SIZE = 50;

export const listCasesSchema = z.object({
  q: z.string().trim().max(200).optional(),
  suite: z.union([uuid, z.literal("none")]).optional(),
  tags: z.array(tagSchema).max(10).optional(),
  priority: z.array(z.enum(PRIORITIES, { error: "Priority is LOW, MEDIUM, HIGH or CRITICAL" })).optional(),
  kind: z.enum(["MANUAL", "AUTOMATED"], { error: "Kind is MANUAL or AUTOMATED" }).optional(),
  archived: z.boolean().optional(),
  page: z.number().int().min(1).default(1),
});
export type ListCasesInput = z.input<typeof listCasesSchema>;
export type ListCasesOutput = z.output<typeof listCasesSchema>;

/** Duplicate hints: a title being written, and the case being edited (left out of the answer). */
export const similarCasesSchema = z.object({
  title: z
    .string({ error: "Give the title to compare" })
    .trim()
    .min(1, "Give the title to compare")
    .max(500, "A title has at most 500 characters")
    .describe("The title being written"),
  exclude: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]*-\d{1,9}$/, "A case key, like CHK-42")
    .optional()
    .describe("The key of the case being edited, left out of the answer"),
});

/** An existing case whose title is like the one being written. */
export type SimilarCaseDto = { key: string; title: string; similarity: number };

/** A case's content as a revision records it. */
export type CaseSnapshot = {
  title: string;
  preconditions: string | null;
  steps: { action: string; expected: string }[];
  priority: CasePriority;
  tags: string[];
  suite: string | null;
  kind: CaseKind;
  automationId: string | null;
};

export type CaseSummaryDto = {
  id: string;
  key: string;
  title: string;
  priority: CasePriority;
  tags: string[];
  kind: CaseKind;
  automationId: string | null;
  /** Another tool's id for the case (TestRail's C1042), from a CSV import. */
  externalId: string | null;
  suite: { id: string; name: string } | null;
  revision: number;
  archived: boolean;
  updatedAt: string;
};

export type CaseListDto = { cases: CaseSummaryDto[]; total: number; page: number; pageSize: number };

export type CaseDto = CaseSummaryDto & {
  preconditions: string | null;
  steps: { action: string; expected: string }[];
  revisions: { revision: number; at: string; author: string; changed: string[]; snapshot: CaseSnapshot }[];
  results: {
    runId: string;
    runNumber: number;
    runName: string;
    release: string;
    environment: string;
    status: ResultStatus;
    at: string | null;
    by: string | null;
    revision: number;
  }[];
};

export type SuiteDto = { id: string; name: string; parentId: string | null; caseCount: number };

export type ImportAction = "create" | "update" | "unchanged";

/** What an import of a CSV of cases would do (a preview), or did (`applied`). */
export type CaseImportDto = {
  format: "shiproom" | "testrail";
  applied: boolean;
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  /** Suites the import makes, as paths ("Checkout / Payments"). */
  newSuites: string[];
  problemCount: number;
  /** The first 200 problems, by row (the header is row 1); column as the file names it. */
  problems: { row: number; column: string | null; message: string }[];
  ignoredColumns: string[];
  /** The first 500 cases made or changed. */
  cases: {
    row: number;
    action: ImportAction;
    key: string | null;
    externalId: string | null;
    title: string;
    suite: string | null;
    changed: string[];
  }[];
};
