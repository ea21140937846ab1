import { describe, expect, test } from "vitest";
import { MAX_RESULT_OUTPUT, settle, type Attempt } from "./attempts";
import { automationIdOf, parseJunit } from "./parse";

const attempt = (outcome: Attempt["outcome"], extra: Partial<Attempt> = {}): Attempt => ({
  outcome,
  flaky: false,
  durationMs: null,
  message: outcome === "passed" ? null : `${outcome} message`,
  output: outcome === "passed" ? null : `${outcome} output`,
  ...extra,
});

describe("the last attempt decides; a test that both failed and passed is flaky", () => {
  test.each([
    ["failed, then passed", [attempt("failed"), attempt("passed")], null, "passed", true],
    ["passed, then failed", [attempt("passed"), attempt("failed")], null, "failed", true],
    ["failed twice, then passed", [attempt("failed"), attempt("error"), attempt("passed")], null, "passed", true],
    ["failed every time", [attempt("failed"), attempt("failed")], null, "failed", false],
    ["skipped, then passed", [attempt("skipped"), attempt("passed")], null, "passed", false],
    ["passed with a flaky failure inside (Surefire)", [attempt("passed", { flaky: true })], null, "passed", true],
    ["passed now, failed in an earlier report", [attempt("passed")], { output: null, failed: true, passed: false }, "passed", true],
    ["an error now, passed in an earlier report", [attempt("error")], { output: null, failed: false, passed: true }, "error", true],
    ["skipped now, both before", [attempt("skipped")], { output: null, failed: true, passed: true }, "skipped", true],
    ["passed now and before", [attempt("passed")], { output: null, failed: false, passed: true }, "passed", false],
  ] as const)("%s", (_, attempts, before, outcome, flaky) => {
    expect(settle([...attempts], before, "b.xml")).toMatchObject({ outcome, flaky });
  });

  test("durations are not added: the last attempt's stands", () => {
    expect(settle([attempt("failed", { durationMs: 1200 }), attempt("passed", { durationMs: 1190 })], null, "a.xml").durationMs).toBe(1190);
    expect(settle([attempt("failed", { durationMs: 1200 }), attempt("passed")], null, "a.xml").durationMs).toBeNull();
  });

  test("a pass after failures is explained by the last failure", () => {
    const settled = settle(
      [attempt("failed", { message: "first" }), attempt("error", { message: "second" }), attempt("passed")],
      null,
      "a.xml",
    );
    expect(settled.message).toBe("second");
  });

  test("every attempt's output is kept, each attempt named", () => {
    const { output } = settle(
      [attempt("failed", { output: "deadline exceeded" }), attempt("passed", { output: "ok in 1.19s" })],
      null,
      "a.xml",
    );
    expect(output).toBe("Attempt 1 of 2: failed\ndeadline exceeded\nAttempt 2 of 2: passed\nok in 1.19s");
  });

  test("an earlier report's output is kept, then this one's", () => {
    const { output } = settle([attempt("passed")], { output: "deadline exceeded", failed: true, passed: false }, "retry.xml");
    expect(output).toBe("deadline exceeded\n\nThen in retry.xml: passed");
  });

  test("many long attempts are cut in the middle, keeping the first and the last", () => {
    const attempts = Array.from({ length: 10 }, (_, i) => attempt("failed", { output: `attempt ${i} ${"x".repeat(4000)}` }));
    const { output } = settle(attempts, null, "a.xml");
    expect(output!.length).toBeLessThan(MAX_RESULT_OUTPUT + 100);
    expect(output).toContain("attempt 0 ");
    expect(output).toContain("attempt 9 ");
    expect(output).toMatch(/characters left out/);
  });
});

/** A report's attempts grouped by test and settled, as the importer does for tests it matches by automation id. */
async function settleReport(xml: string) {
  const groups = new Map<string, Attempt[]>();
  for (const test of (await parseJunit(xml)).cases) groups.set(automationIdOf(test), [...(groups.get(automationIdOf(test)) ?? []), test]);
  return Object.fromEntries([...groups].map(([id, attempts]) => [id, settle(attempts, null, "report.xml")]));
}

describe("retries as real reporters write them", () => {
  test.each([
    [
      "gotestsum --rerun-fails: the test repeated, failed then passed",
      `<testsuites><testsuite name="example.org/shop/cart"><testcase classname="example.org/shop/cart" name="TestCheckout" time="1.2"><failure message="Failed">timeout</failure></testcase><testcase classname="example.org/shop/cart" name="TestCheckout" time="1.19"/></testsuite></testsuites>`,
      "example.org/shop/cart.TestCheckout",
      { outcome: "passed", flaky: true, durationMs: 1190, message: "Failed" },
    ],
    [
      "pytest-rerunfailures 16.6.1: a record per attempt, the last failing",
      `<testsuites><testsuite name="pytest"><testcase classname="test_rerun" name="test_always_fails"/><testcase classname="test_rerun" name="test_always_fails"/><testcase classname="test_rerun" name="test_always_fails"><failure message="assert False">AssertionError</failure></testcase></testsuite></testsuites>`,
      "test_rerun.test_always_fails",
      { outcome: "failed", message: "assert False" },
    ],
    [
      "pytest-rerunfailures with <rerunFailure> before the final pass",
      `<testsuite name="pytest"><testcase classname="tests.test_pay" name="test_card" time="0.3"><rerunFailure message="timeout">first run</rerunFailure></testcase><testcase classname="tests.test_pay" name="test_card" time="0.2"/></testsuite>`,
      "tests.test_pay.test_card",
      { outcome: "passed", flaky: true, durationMs: 200 },
    ],
    [
      "pytest-rerunfailures (and nextest) with <flakyFailure> in the passing record",
      `<testsuite name="pytest"><testcase classname="tests.test_pay" name="test_card"><flakyFailure message="timeout">first run</flakyFailure><flakyError message="setup failed"/></testcase></testsuite>`,
      "tests.test_pay.test_card",
      { outcome: "passed", flaky: true, message: "timeout" },
    ],
    [
      "Surefire: failed on every rerun",
      `<testsuite name="x"><testcase classname="com.shop.Mail" name="sends" time="0.09"><failure message="down"/><rerunFailure message="down"/><rerunError message="refused"/></testcase></testsuite>`,
      "com.shop.Mail.sends",
      { outcome: "error", flaky: false },
    ],
    [
      "Playwright --repeat-each: the same test three times, one failing",
      `<testsuites><testsuite name="checkout.spec.ts"><testcase name="checkout › pays" classname="checkout.spec.ts" time="3.2"/><testcase name="checkout › pays" classname="checkout.spec.ts" time="5.0"><failure message="timeout">Error</failure></testcase><testcase name="checkout › pays" classname="checkout.spec.ts" time="3.1"/></testsuite></testsuites>`,
      "checkout.spec.ts.checkout › pays",
      { outcome: "passed", flaky: true, durationMs: 3100 },
    ],
    [
      "Gradle test-retry: retried in another suite element of the same report",
      `<testsuites><testsuite name="CartTest"><testcase classname="org.shop.CartTest" name="addsItem()"><error message="NPE"/></testcase></testsuite><testsuite name="CartTest"><testcase classname="org.shop.CartTest" name="addsItem()"/></testsuite></testsuites>`,
      "org.shop.CartTest.addsItem()",
      { outcome: "passed", flaky: true },
    ],
  ])("%s", async (_, xml, id, expected) => {
    expect((await settleReport(xml))[id]).toMatchObject(expected);
  });

  test("the passing retry's output is kept next to the failed attempt's", async () => {
    const settled = await settleReport(
      `<testsuite name="s"><testcase classname="c" name="t"><failure>first: deadline</failure></testcase><testcase classname="c" name="t"><system-out>second: ok</system-out></testcase></testsuite>`,
    );
    expect(settled["c.t"]!.output).toMatch(/Attempt 1 of 2: failed\nfirst: deadline\nAttempt 2 of 2: passed\nsecond: ok/);
  });
});
