import { expect, newProject, test } from "../fixtures";
import { makeCallers } from "./callers";
import { fuzzRequests, knownWorld, runFuzz } from "./fuzz";

// npm test sends about a thousand; FUZZ_RUNS=10000 (or more) runs the long check outside CI.
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = 20261201;

test(`fuzz: ${RUNS} generated requests over every operation, as every caller: no 5xx, and refusals change nothing`, async ({
  as,
  baseURL,
}) => {
  test.setTimeout(Math.max(240_000, RUNS * 200));
  const admin = await as("admin");
  const project = await newProject(admin, "fuzz-");
  const callers = await makeCallers(admin, baseURL!, project.slug);
  const known = await knownWorld(admin, callers.members.DEVELOPER.api, project.slug, project.key);
  const outcome = await runFuzz(fuzzRequests(RUNS, SEED, callers.all.length, known, project.slug), callers.all, admin);
  console.log(`fuzz (embedded database): ${outcome.sent} answered, by status ${JSON.stringify(outcome.byStatus)}`);
  const { serverErrors, unanswered, changedWhileRefused } = outcome;
  expect({ serverErrors: serverErrors.slice(0, 25), unanswered: unanswered.slice(0, 25), changedWhileRefused }).toEqual({
    serverErrors: [],
    unanswered: [],
    changedWhileRefused: [],
  });
  expect(outcome.sent).toBe(RUNS);
  await callers.dispose();
});
