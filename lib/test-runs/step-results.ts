// How a case's result follows from its steps' results. Pure, so the server's derivation and
// what the execution page says about it cannot disagree.
import type { ResultStatus } from "@/lib/generated/prisma/enums";
import type { StepStatus } from "./schemas";

/**
 * The result a case's steps give it, or null when they give none and the result stays as it is:
 * - any step FAILED → FAILED;
 * - else any step BLOCKED → BLOCKED;
 * - else every step PASSED → PASSED;
 * - else (some steps untested, none failed or blocked, or no steps at all) → null.
 *
 * `steps` holds every step of the revision the run pinned, in order, untested ones as UNTESTED.
 * The server applies it only when a step's status changes: a result recorded by hand afterwards
 * wins until a step changes again.
 */
export function statusFromSteps(steps: readonly StepStatus[]): ResultStatus | null {
  if (steps.includes("FAILED")) return "FAILED";
  if (steps.includes("BLOCKED")) return "BLOCKED";
  if (steps.length > 0 && steps.every((status) => status === "PASSED")) return "PASSED";
  return null;
}
