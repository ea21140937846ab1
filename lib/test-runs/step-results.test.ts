import { describe, expect, test } from "vitest";
import { statusFromSteps } from "./step-results";

describe("a case's result from its steps", () => {
  test("a failed step fails the case, whatever the other steps say", () => {
    expect(statusFromSteps(["PASSED", "FAILED"])).toBe("FAILED");
    expect(statusFromSteps(["BLOCKED", "UNTESTED", "FAILED"])).toBe("FAILED");
  });

  test("a blocked step blocks the case when none failed", () => {
    expect(statusFromSteps(["PASSED", "BLOCKED", "UNTESTED"])).toBe("BLOCKED");
  });

  test("the case passes only when every step passed", () => {
    expect(statusFromSteps(["PASSED", "PASSED", "PASSED"])).toBe("PASSED");
    expect(statusFromSteps(["PASSED", "UNTESTED"])).toBeNull();
  });

  test("untested steps alone, or no steps, leave the result as it is", () => {
    expect(statusFromSteps(["UNTESTED", "UNTESTED"])).toBeNull();
    expect(statusFromSteps([])).toBeNull();
  });
});
