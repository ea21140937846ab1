import { z } from "zod";
import { tagSchema } from "@/lib/test-cases/schemas";

/**
 * Assigns a run's cases to testers: the cases chosen by result ids, suites (with their
 * sub-suites), tags or all of them; to one tester (`assignee`, null: unassigned again) or spread
 * evenly between several (`spread`).
 */
export const assignResultsSchema = z
  .object({
    assignee: z
      .uuid({ error: "Choose a member" })
      .nullable()
      .optional()
      .describe("The member to assign the chosen cases to; null takes them back (unassigned)"),
    spread: z
      .array(z.uuid({ error: "Not a valid member id" }), { error: "Choose the testers to spread the cases between" })
      .min(1, "Choose the testers to spread the cases between")
      .max(50, "Spread between at most 50 testers")
      .optional()
      .describe(
        "Members to spread the chosen cases between evenly: in case order, in consecutive blocks, so that each ends with as many of the chosen cases as the others (one more at most); the same request gives the same split",
      ),
    results: z
      .array(z.uuid({ error: "Not a valid result id" }))
      .max(10_000, "At most 10,000 results at once")
      .default([])
      .describe("Results (cases in this run) to assign"),
    suites: z
      .array(z.uuid({ error: "Not a valid suite id" }))
      .max(200)
      .default([])
      .describe("The run's cases in these suites and their sub-suites"),
    tags: z.array(tagSchema).max(20).default([]).describe("The run's cases with any of these tags"),
    all: z.boolean().default(false).describe("Every case of the run"),
    reassign: z
      .boolean()
      .optional()
      .describe(
        "Also take cases already assigned to someone else. Default: true for `assignee` (the chosen cases are theirs), false for `spread` (only unassigned cases are spread)",
      ),
  })
  .superRefine((input, ctx) => {
    if (input.assignee === undefined && input.spread === undefined)
      ctx.addIssue({ code: "custom", path: ["assignee"], message: "Choose a tester, or testers to spread the cases between" });
    if (input.assignee !== undefined && input.spread !== undefined)
      ctx.addIssue({ code: "custom", path: ["spread"], message: "Either one assignee or a spread between testers, not both" });
    if (!input.all && input.results.length === 0 && input.suites.length === 0 && input.tags.length === 0)
      ctx.addIssue({ code: "custom", path: ["results"], message: "Choose cases, suites or tags, or all cases" });
  });
export type AssignResultsInput = z.input<typeof assignResultsSchema>;

export const assignmentOutcomeSchema = z.object({
  changed: z.number().int().describe("Results whose assignee changed"),
  assigned: z
    .array(z.object({ id: z.uuid(), name: z.string(), cases: z.number().int() }))
    .describe("Each tester given cases by this request, with how many"),
  unassigned: z.number().int().describe("Results taken back (now unassigned)"),
  taken: z
    .array(z.object({ id: z.uuid(), name: z.string(), cases: z.number().int() }))
    .describe("Each member who had cases taken off them by this request (reassigned or unassigned), with how many"),
});
export type AssignmentOutcome = z.infer<typeof assignmentOutcomeSchema>;

/** One tester's share of a run. */
export type TesterProgressDto = {
  id: string;
  name: string;
  assigned: number;
  /** Executed: any status but untested. */
  done: number;
  passed: number;
  failed: number;
  blocked: number;
  skipped: number;
};

/** A run with cases assigned to the viewer still untested ("My queue"). */
export type QueueItemDto = {
  project: { slug: string; name: string };
  run: { id: string; number: number; name: string; release: string; environment: string };
  /** Assigned to the viewer in this run, and of those still untested. */
  assigned: number;
  untested: number;
  /** The first of the viewer's untested cases, where execution starts. */
  firstResultId: string;
};
