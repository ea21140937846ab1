// Retries: one test met several times — repeated inside one report (gotestsum --rerun-fails,
// pytest-rerunfailures, Playwright's repeats, Gradle's test-retry), or again in a later report
// attached to the same run. The last attempt decides; every attempt's output is kept.
import type { JunitCase, JunitOutcome } from "./parse";

export type Attempt = Pick<JunitCase, "outcome" | "flaky" | "durationMs" | "message" | "output">;

/** What came before this import: the run's result's output, and whether the test failed or passed on this release in this environment. */
export type Before = { output: string | null; failed: boolean; passed: boolean };

export type Settled = {
  outcome: JunitOutcome;
  /** Both failed and passed on one release in one environment. */
  flaky: boolean;
  /** The last attempt's: durations of retries are not added. */
  durationMs: number | null;
  message: string | null;
  output: string | null;
};

/** Output kept for one result over all its attempts: the first and the last attempts' text survive a cut. */
export const MAX_RESULT_OUTPUT = 16_000;

const failed = (outcome: JunitOutcome) => outcome === "failed" || outcome === "error";

function bounded(text: string): string {
  if (text.length <= MAX_RESULT_OUTPUT) return text;
  const half = MAX_RESULT_OUTPUT / 2;
  return `${text.slice(0, half)}\n… ${(text.length - MAX_RESULT_OUTPUT).toLocaleString("en")} characters left out …\n${text.slice(-half)}`;
}

function outputOf(attempts: Attempt[]): string | null {
  if (attempts.length === 1) return attempts[0]!.output;
  return attempts
    .map((attempt, i) => [
      `Attempt ${i + 1} of ${attempts.length}: ${attempt.outcome}${attempt.flaky ? " (after failing)" : ""}`,
      attempt.output,
    ])
    .flat()
    .filter((line) => line !== null)
    .join("\n");
}

/**
 * One test's result from its attempts in this import (in the order the report, or the upload's
 * files, gave them) and what came before: `label` names this import in the output ("junit.xml").
 */
export function settle(attempts: Attempt[], before: Before | null, label: string): Settled {
  const last = attempts.at(-1)!;
  const failedNow = attempts.some((a) => failed(a.outcome) || a.flaky);
  const passedNow = attempts.some((a) => a.outcome === "passed");
  const flaky = (failedNow || Boolean(before?.failed)) && (passedNow || Boolean(before?.passed));
  // A pass after failures is explained by the last failure.
  const explaining = last.outcome === "passed" && failedNow ? attempts.findLast((a) => failed(a.outcome) || a.flaky)! : last;
  const now = outputOf(attempts);
  const output = before?.output ? `${before.output}\n\nThen in ${label}: ${last.outcome}${now ? `\n${now}` : ""}` : now;
  return {
    outcome: last.outcome,
    flaky,
    durationMs: last.durationMs,
    message: explaining.message,
    output: output === null ? null : bounded(output),
  };
}
