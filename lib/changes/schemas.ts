import { z } from "zod";

/** `?to=ENV` of a release's changes. */
export const changesQuerySchema = z.object({
  to: z
    .string({ error: "Name the target environment" })
    .trim()
    .min(1, "Name the target environment")
    .max(80)
    .describe("The target environment"),
});

const releaseRef = z.object({ version: z.string(), commitSha: z.string(), createdAt: z.string() });
const caseRef = z.object({ key: z.string(), title: z.string(), href: z.string() });
const runRef = z.object({ number: z.number(), href: z.string(), signedOff: z.boolean() }).nullable();
const caseList = z.object({ total: z.number(), items: z.array(caseRef) });

/** What a promotion of a release into an environment changes against what runs there now. */
export const changesSchema = z.object({
  release: releaseRef,
  environment: z.string(),
  /** The release running in the environment now; null when nothing runs there yet. */
  running: releaseRef.nullable(),
  /** "forward": newer than the running one; "back": an older release (a rollback); "same": already runs there. */
  direction: z.enum(["forward", "back", "same"]),
  /** Releases registered after the older of the two up to the newer one, not abandoned, oldest first. */
  releases: z.object({
    total: z.number(),
    items: z.array(releaseRef.extend({ notes: z.string().nullable(), createdBy: z.string() })),
  }),
  commits: z.discriminatedUnion("state", [
    z.object({ state: z.literal("no-repository") }),
    z.object({ state: z.literal("unavailable"), reason: z.string() }),
    z.object({ state: z.literal("unknown-sha"), sha: z.string() }),
    z.object({
      state: z.literal("listed"),
      total: z.number(),
      items: z.array(z.object({ sha: z.string(), shortSha: z.string(), subject: z.string(), author: z.string(), date: z.string() })),
    }),
  ]),
  /** GitHub's or GitLab's page comparing the two commits, when the repository is there. */
  compareUrl: z.string().nullable(),
  tests: z.object({
    /** Where the evidence comes from: the sign-off environment of the target's policy, else the one before it. */
    environment: z.string().nullable(),
    candidateRun: runRef,
    runningRun: runRef,
    newlyFailing: caseList,
    newlyPassing: caseList,
    flaky: caseList,
    notRun: caseList,
  }),
});
export type ChangesDto = z.infer<typeof changesSchema>;
