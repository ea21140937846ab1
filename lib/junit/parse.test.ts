import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { automationIdOf, JUNIT_LIMITS, JunitError, parseJunit, SUITE_CASE_NAME, type JunitCase } from "./parse";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
const brief = (c: JunitCase) => [automationIdOf(c), c.outcome, c.flaky];

async function* chunks(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("reports real tools emit", () => {
  test("pytest: properties, failure, skip, output", async () => {
    const report = await parseJunit(fixture("pytest.xml"));
    expect(report.cases.map(brief)).toEqual([
      ["tests.test_cart.test_add_item", "passed", false],
      ["tests.test_cart.test_discount_rounding", "failed", false],
      ["tests.test_cart.test_legacy_coupon", "skipped", false],
      ["tests.test_checkout.test_pay[visa]", "passed", false],
    ]);
    expect(report.cases[0]!.caseReference).toBe("CHK-1");
    expect(report.cases[1]).toMatchObject({ message: "assert 9.99 == 10.0", durationMs: 10 });
    expect(report.cases[1]!.output).toContain("tests/test_cart.py:27: AssertionError");
    expect(report.cases[2]!.message).toBe("legacy coupons removed in v1.4");
    // A plain pass keeps no output: only failures, skips and flaky tests explain themselves.
    expect(report.cases[3]!.output).toBeNull();
  });

  test("Jest (jest-junit)", async () => {
    const report = await parseJunit(fixture("jest-junit.xml"));
    expect(report.cases.map(brief)).toEqual([
      ["cart adds an item.cart adds an item", "passed", false],
      ["cart applies a discount.cart applies a discount", "failed", false],
      ["cart keeps legacy coupons.cart keeps legacy coupons", "skipped", false],
    ]);
    expect(report.cases[1]!.output).toContain("Received: 9.99");
  });

  test("Vitest", async () => {
    const report = await parseJunit(fixture("vitest.xml"));
    expect(report.cases.map(brief)).toEqual([
      ["src/cart.test.ts.cart > adds an item", "passed", false],
      ["src/cart.test.ts.cart > applies a discount", "failed", false],
      ["src/cart.test.ts.cart > keeps legacy coupons", "skipped", false],
    ]);
    expect(report.cases[1]!.message).toBe("expected 9.99 to be 10 // Object.is equality");
  });

  test("Playwright: CDATA failures and attachments, property text", async () => {
    const report = await parseJunit(fixture("playwright.xml"));
    expect(report.cases.map(brief)).toEqual([
      ["checkout.spec.ts.checkout › pays with a card", "passed", false],
      ["checkout.spec.ts.checkout › shows the receipt", "failed", false],
      ["checkout.spec.ts.checkout › remembers the address", "passed", false],
    ]);
    expect(report.cases[0]!.caseReference).toBe("CHK-2");
    expect(report.cases[1]!.output).toContain("Error: expect(locator).toBeVisible() failed");
    expect(report.cases[1]!.durationMs).toBe(5002);
    expect(report.cases.map((c) => c.attachments)).toEqual([
      [],
      ["test-results/checkout-shows-the-receipt-chromium/test-failed-1.png"],
      [],
    ]);
  });

  test("Maven Surefire: a bare <testsuite>, errors, flaky and rerun failures, suite properties", async () => {
    const report = await parseJunit(fixture("surefire.xml"));
    expect(report.cases.map(brief)).toEqual([
      ["com.shop.cart.CartTest.addsItem", "passed", false],
      ["com.shop.cart.CartTest.appliesDiscount", "failed", false],
      ["com.shop.cart.CartTest.connectsToDatabase", "error", false],
      ["com.shop.cart.CartTest.retriesPayment", "passed", true],
      ["com.shop.cart.CartTest.exportsCsv", "skipped", false],
      ["com.shop.cart.CartTest.sendsReceipt", "failed", false],
    ]);
    // Suite-level properties are not a case's.
    expect(report.cases[0]!.caseReference).toBeNull();
    expect(report.cases[2]!.output).toContain("WARN pool: retrying in 100ms");
    expect(report.cases[3]!.output).toContain("attempt 1 failed, rerunning");
    expect(report.cases[1]!.message).toBe("expected: <10.0> but was: <9.99>");
  });

  test("gotestsum: subtests, escaped newlines in skip messages", async () => {
    const report = await parseJunit(fixture("gotestsum.xml"));
    expect(report.cases.map(brief)).toEqual([
      ["github.com/shop/cart.TestAddItem", "passed", false],
      ["github.com/shop/cart.TestDiscount", "failed", false],
      ["github.com/shop/cart.TestDiscount/zero_items", "skipped", false],
      ["github.com/shop/cart.TestCheckout", "passed", false],
    ]);
    expect(report.cases[1]!.output).toContain("cart_test.go:20: want 10, got 9.99");
    expect(report.cases[3]!.durationMs).toBe(1000);
  });

  test("a report read in small chunks reads the same (a stream splits multi-byte characters)", async () => {
    for (const name of ["playwright.xml", "surefire.xml", "vitest.xml"]) {
      const whole = await parseJunit(fixture(name));
      expect(await parseJunit(chunks(fixture(name), 7))).toEqual(whole);
    }
  });

  test("nested suites report their own name", async () => {
    const report = await parseJunit(
      `<testsuites><testsuite name="outer"><testsuite name="inner"><testcase name="a"/></testsuite><testcase name="b"/></testsuite></testsuites>`,
    );
    expect(report.cases.map(automationIdOf)).toEqual(["inner.a", "outer.b"]);
    expect(report.suites).toBe(2);
  });
});

describe("hostile or broken input is refused with a clear message", () => {
  const refused = async (xml: string | AsyncIterable<Uint8Array>, message: RegExp, limits = JUNIT_LIMITS) => {
    const error = await parseJunit(xml, limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JunitError);
    expect((error as Error).message).toMatch(message);
  };

  test("external entities (XXE)", async () => {
    await refused(
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><testsuites><testsuite name="x"><testcase name="&xxe;"/></testsuite></testsuites>`,
      /DOCTYPE is not allowed/,
    );
  });

  test("entity expansion (billion laughs)", async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><testsuites><testsuite name="&lol2;"/></testsuites>`;
    await refused(laughs, /DOCTYPE is not allowed/);
  });

  test("an entity without a DOCTYPE", async () => {
    await refused(`<testsuites><testsuite name="&secret;"/></testsuites>`, /malformed XML at line 1, column \d+: .*entity/i);
  });

  test("malformed XML says where", async () => {
    await refused(
      `<testsuites>\n  <testsuite name="a">\n    <testcase name="b">\n  </testsuite>\n</testsuites>`,
      /malformed XML at line 4, column \d+/,
    );
  });

  test("text outside the root element, in a sentence that ends once", async () => {
    // saxes says "text data outside of root node."; the answer adds its own full stop after it.
    await refused(`<testsuites/>\nstray`, /^malformed XML at line 2, column \d+: text data outside of root node$/);
  });

  test("control characters", async () => {
    await refused(
      `<testsuites><testsuite name="a"><testcase name="bad\u0001name"/></testsuite></testsuites>`,
      /malformed XML at line 1, column \d+: disallowed character/i,
    );
  });

  test("not UTF-8", async () => {
    await refused(
      (async function* () {
        yield Buffer.from([
          0x3c, 0x74, 0x65, 0x73, 0x74, 0x73, 0x75, 0x69, 0x74, 0x65, 0x20, 0x6e, 0x61, 0x6d, 0x65, 0x3d, 0x22, 0xff, 0xfe, 0x22, 0x2f,
          0x3e,
        ]);
      })(),
      /not valid UTF-8/,
    );
  });

  test("a file over the size cap", async () => {
    await refused(chunks(fixture("surefire.xml"), 100), /larger than 0 MB/, { ...JUNIT_LIMITS, maxBytes: 1000 });
  });

  test("too many elements", async () => {
    const many = `<testsuites><testsuite name="a">${'<testcase name="t"/>'.repeat(50)}</testsuite></testsuites>`;
    await refused(many, /more than 20 XML elements/, { ...JUNIT_LIMITS, maxElements: 20 });
  });

  test("something that is not a JUnit report", async () => {
    await refused(`<html><body>502 Bad Gateway</body></html>`, /not a JUnit report: the root element is <html>/);
    await refused("", /the report is empty/);
    await refused("   ", /the report is empty/);
  });

  test("a test case without a name", async () => {
    await refused(`<testsuite name="s"><testcase classname="c"/></testsuite>`, /<testcase> without a name/);
  });
});

describe("mapping helpers", () => {
  test.each([
    [{ classname: "a.B", suite: "s", name: "t" }, "a.B.t"],
    [{ classname: "", suite: "suite", name: "t" }, "suite.t"],
    [{ classname: "", suite: "", name: "t" }, "t"],
  ])("automation id of %o is %s", (testCase, expected) => {
    expect(automationIdOf(testCase)).toBe(expected);
  });

  test.each([
    [`<property name="shiproom.case" value="chk-7"/>`, "chk-7"],
    [`<property name="test_id" value="PAY-12"/>`, "PAY-12"],
    [`<property name="case_id" value="12"/>`, "12"],
    [`<property name="test_id" value="C1042"/>`, "C1042"],
    [`<property name="other" value="CHK-1"/>`, null],
    [`<property name="test_id" value=" "/>`, null],
    [`<property name="test_id">  CHK-3\n</property>`, "CHK-3"],
    // The first of CASE_PROPERTIES wins, whatever the order in the report.
    [`<property name="test_id" value="C1"/><property name="shiproom.case" value="CHK-4"/>`, "CHK-4"],
  ])("the case reference of %s is %s", async (properties, expected) => {
    const report = await parseJunit(`<testsuite name="s"><testcase name="t"><properties>${properties}</properties></testcase></testsuite>`);
    expect(report.cases[0]!.caseReference).toBe(expected);
  });
});

const handed = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", "handed", name), "utf8");
const suite = (body: string) => `<testsuites><testsuite name="s">${body}</testsuite></testsuites>`;

describe("inputs handed over on 2026-11-30", () => {
  test("time-decimal-comma.xml: 0,160 is 160 ms, not 160,000", async () => {
    const report = await parseJunit(handed("time-decimal-comma.xml"));
    expect(report.cases.map((c) => c.durationMs)).toEqual([160, 252]);
    expect(report.warnings.list()).toEqual([]);
  });

  test("failure-then-skipped.xml: a failure followed by a skip is a failure", async () => {
    const [test] = (await parseJunit(handed("failure-then-skipped.xml"))).cases;
    expect(test).toMatchObject({ outcome: "failed", message: "expected 1 message, got 0" });
    expect(test!.output).toContain("AssertionError: expected 1 message, got 0");
    expect(test!.output).toContain("skipped: marked skip after failure");
  });

  test("suite-level-error.xml: the suite's error is a case of its own, never dropped", async () => {
    const report = await parseJunit(handed("suite-level-error.xml"));
    expect(report.cases.map(brief)).toEqual([
      ["inventory.tests.test_stock_count", "passed", false],
      [`payments.tests.${SUITE_CASE_NAME}`, "error", false],
    ]);
    expect(report.cases[1]).toMatchObject({ message: "could not collect tests: ImportError: no module named gateway" });
    expect(report.cases[1]!.output).toContain('File "payments/tests.py", line 3, in <module>');
  });

  test("time-is-a-timestamp.xml: no duration and a warning, the failure kept", async () => {
    const report = await parseJunit(handed("time-is-a-timestamp.xml"));
    expect(report.cases[0]).toMatchObject({ outcome: "failed", durationMs: null, message: "expected <b> but was <i>" });
    expect(report.warnings.list()).toEqual([
      expect.objectContaining({
        code: "duration-dropped",
        count: 1,
        message: expect.stringContaining('time="1,515,069,223.854" is 24 hours or more'),
      }),
    ]);
  });

  test("rerun-in-one-report.xml: each attempt is read, in order", async () => {
    const report = await parseJunit(handed("rerun-in-one-report.xml"));
    expect(report.cases.map((c) => [c.name, c.outcome, c.durationMs])).toEqual([
      ["TestAddItem", "passed", 10],
      ["TestCheckoutTimeout", "failed", 1200],
      ["TestCheckoutTimeout", "passed", 1190],
    ]);
    expect(report.cases[1]!.output).toContain("cart_test.go:41: context deadline exceeded");
  });

  test("case-property-unknown.xml: each test's case reference is read as written", async () => {
    const report = await parseJunit(handed("case-property-unknown.xml"));
    expect(report.cases.map((c) => c.caseReference)).toEqual(["C1042", "CHK-99999999999", "CHK-1"]);
  });
});

/** Every order of these items. */
function orders<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe("a testcase's outcome is the worst its children say, in any order", () => {
  const children: Record<string, string> = {
    failure: `<failure message="F">stack</failure>`,
    error: `<error message="E">trace</error>`,
    skipped: `<skipped message="S"/>`,
    out: `<system-out>printed</system-out>`,
    err: `<system-err>warned</system-err>`,
    flakyFailure: `<flakyFailure message="FF"><stackTrace>first try</stackTrace></flakyFailure>`,
    flakyError: `<flakyError message="FE"/>`,
    rerunFailure: `<rerunFailure message="RF"><stackTrace>again</stackTrace></rerunFailure>`,
    rerunError: `<rerunError message="RE"/>`,
  };
  // The message comes from a child of the deciding kind (of several equal ones, the first).
  const cases: [string[], string, boolean, string[]][] = [
    [[], "passed", false, []],
    [["out", "err"], "passed", false, []],
    [["skipped", "out"], "skipped", false, ["S"]],
    [["failure", "skipped"], "failed", false, ["F"]],
    [["error", "skipped"], "error", false, ["E"]],
    [["failure", "error"], "error", false, ["E"]],
    [["failure", "skipped", "error", "out"], "error", false, ["E"]],
    [["flakyFailure", "out"], "passed", true, ["FF"]],
    [["flakyFailure", "flakyError"], "passed", true, ["FF", "FE"]],
    [["flakyFailure", "failure"], "failed", false, ["F"]],
    [["flakyError", "skipped"], "skipped", false, ["S"]],
    [["failure", "rerunFailure"], "failed", false, ["F", "RF"]],
    [["rerunFailure"], "failed", false, ["RF"]],
    [["error", "rerunError", "rerunError"], "error", false, ["E", "RE"]],
    [["rerunFailure", "error"], "error", false, ["E"]],
  ];
  for (const [names, outcome, flaky, messages] of cases) {
    test(`[${names.join(", ")}] is ${outcome}${flaky ? ", flaky" : ""}, in each of ${orders(names).length} orders`, async () => {
      for (const order of orders(names)) {
        const [test] = (await parseJunit(suite(`<testcase name="t">${order.map((n) => children[n]).join("")}</testcase>`))).cases;
        expect({ outcome: test!.outcome, flaky: test!.flaky }, order.join(",")).toEqual({ outcome, flaky });
        if (messages.length > 0) expect(messages, order.join(",")).toContain(test!.message);
        else expect(test!.output, order.join(",")).toBeNull();
      }
    });
  }
});

describe("a suite that failed outside its tests becomes a failed case of its own", () => {
  test.each([
    [
      "pytest: a collection error directly in <testsuite>",
      `<testsuites><testsuite name="payments.tests" errors="1"><error message="collection failure">ImportError</error></testsuite></testsuites>`,
      [["payments.tests.(suite)", "error", "collection failure"]],
    ],
    [
      "NUnit converted: a <failure> of OneTimeSetUp, after the suite's tests",
      `<testsuite name="Shop.CartTests"><testcase classname="Shop.CartTests" name="AddsItem"/><failure message="OneTimeSetUp: db down"/></testsuite>`,
      [
        ["Shop.CartTests.AddsItem", "passed", null],
        ["Shop.CartTests.(suite)", "failed", "OneTimeSetUp: db down"],
      ],
    ],
    [
      "an <error> directly in <testsuites>",
      `<testsuites name="jest tests"><error message="Test suite failed to run">SyntaxError</error></testsuites>`,
      [["jest tests.(suite)", "error", "Test suite failed to run"]],
    ],
    [
      "an <error> in a nameless <testsuites>",
      `<testsuites><error>Cannot find module './cart'</error></testsuites>`,
      [["(suite)", "error", "Cannot find module './cart'"]],
    ],
    [
      "two errors of one suite are one case, the worst deciding",
      `<testsuite name="s"><failure message="first"/><error message="second"/></testsuite>`,
      [["s.(suite)", "error", "second"]],
    ],
    [
      "a nested suite's error is that suite's",
      `<testsuites><testsuite name="outer"><testsuite name="inner"><error message="boom"/></testsuite><testcase name="a"/></testsuite></testsuites>`,
      [
        ["inner.(suite)", "error", "boom"],
        ["outer.a", "passed", null],
      ],
    ],
    [
      "a suite-level <system-err> alone makes no case",
      `<testsuite name="s"><testcase name="a"/><system-err>WARN deprecated</system-err><system-out/></testsuite>`,
      [["s.a", "passed", null]],
    ],
    [
      "a suite-level <skipped> makes no case",
      `<testsuite name="s"><skipped message="whole suite"/><testcase name="a"/></testsuite>`,
      [["s.a", "passed", null]],
    ],
  ])("%s", async (_, xml, expected) => {
    const report = await parseJunit(xml);
    expect(report.cases.map((c) => [automationIdOf(c), c.outcome, c.message])).toEqual(expected);
  });

  test("what the suite printed, before or after its error, is kept with it", async () => {
    const report = await parseJunit(
      `<testsuite name="s"><system-out>before</system-out><error message="setUpClass failed">trace</error><system-err>after</system-err></testsuite>`,
    );
    for (const text of ["trace", "before", "after"]) expect(report.cases[0]!.output).toContain(text);
  });
});

describe("the text of <skipped>, <error> and <failure> is kept, in an attribute, text or CDATA", () => {
  const forms = (element: string) =>
    [
      ["attribute", `<${element} message="disk full"/>`, "disk full", "disk full"],
      ["text", `<${element}>disk full\n  at Store.write</${element}>`, "disk full", "at Store.write"],
      ["CDATA", `<${element}><![CDATA[disk <full>\n  at Store.write]]></${element}>`, "disk <full>", "at Store.write"],
      [
        "attribute and text",
        `<${element} message="disk full" type="IOError">IOError: disk full\n  at Store.write</${element}>`,
        "disk full",
        "at Store.write",
      ],
      ["type only", `<${element} type="test failure with exit code 101"/>`, "test failure with exit code 101", null],
      ["entities", `<${element} message="expected &lt;b&gt;">a &amp; b</${element}>`, "expected <b>", "a & b"],
    ] as const;
  for (const element of ["skipped", "error", "failure"]) {
    test.each(forms(element))(`<${element}> with its text in the %s`, async (_, child, message, output) => {
      const [test] = (await parseJunit(suite(`<testcase name="t">${child}</testcase>`))).cases;
      expect(test!.message).toBe(message);
      if (output) expect(test!.output).toContain(output);
    });
  }
});

describe("empty reports are accepted with 0 tests", () => {
  test.each([
    ["<testsuites/>"],
    [`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="0" failures="0"></testsuites>`],
    [`<testsuite name="pytest" tests="0" errors="0"/>`],
    [`<testsuites><testsuite name="a" tests="0"/><testsuite name="b"></testsuite></testsuites>`],
    [`<testsuites><testsuite name="Root Suite"><testsuite name="nested"><properties/></testsuite></testsuite></testsuites>`],
    [`<!-- no tests ran --><testsuites><system-out>nothing to do</system-out></testsuites>`],
  ])("%s", async (xml) => {
    const report = await parseJunit(xml);
    expect(report.cases).toEqual([]);
  });

  test.each([[""], ["  \n"], [`<?xml version="1.0"?>`], ["<!-- only a comment -->"]])("but %j is no report at all", async (xml) => {
    await expect(parseJunit(xml)).rejects.toThrow(/the report is empty/);
  });
});

describe("uploads are bounded in memory, not only in bytes", () => {
  const small = { ...JUNIT_LIMITS, maxAttributeChars: 1000 };
  const refusal = async (xml: string | AsyncIterable<string>, limits = JUNIT_LIMITS) => {
    const error = (await parseJunit(xml, limits).catch((e: unknown) => e)) as JunitError;
    expect(error).toBeInstanceOf(JunitError);
    return error;
  };

  test.each([
    ["nesting deeper than 64", `<testsuites>${"<testsuite>".repeat(64)}`, /nested more than 64 deep at line 1, column \d+/],
    [
      "more than 256 attributes",
      `<testsuite name="s"><testcase ${Array.from({ length: 257 }, (_, i) => `a${i}="x"`).join(" ")} name="t"/></testsuite>`,
      /more than 256 attributes/,
    ],
    [
      "an attribute longer than the limit",
      `<testsuite name="s">\n<testcase name="${"x".repeat(1001)}"/></testsuite>`,
      /an attribute is longer than 1,000 characters at line 2/,
    ],
    ["a name longer than the limit", `<testsuite name="s"><${"x".repeat(70_000)}/></testsuite>`, /a name is longer than/],
  ])("%s is refused, saying where", async (_, xml, message) => {
    const error = await refusal(xml, /longer than 1,000/.test(message.source) ? small : JUNIT_LIMITS);
    expect(error.message).toMatch(message);
    expect(error.at).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });

  test.each([
    ["64 levels", `${"<testsuite>".repeat(63)}<testcase name="t"/>${"</testsuite>".repeat(63)}`, 1],
    [
      "256 attributes",
      `<testsuite name="s"><testcase ${Array.from({ length: 255 }, (_, i) => `a${i}="x"`).join(" ")} name="t"/></testsuite>`,
      1,
    ],
    ["an attribute at the limit", `<testsuite name="s"><testcase name="${"x".repeat(1000)}"/></testsuite>`, 1],
    // Text that is not kept is not held, however long: a comment, CDATA outside any failure.
    ["a 1 MB comment", `<testsuite name="s"><!--${"x".repeat(1_000_000)}--><testcase name="t"/></testsuite>`, 1],
    [
      "a 1 MB failure text, of which the head is kept",
      `<testsuite name="s"><testcase name="t"><failure>${"y".repeat(1_000_000)}</failure></testcase></testsuite>`,
      1,
    ],
  ])("%s is accepted", async (_, xml, count) => {
    expect((await parseJunit(xml, small)).cases).toHaveLength(count);
  });

  /** A hostile body, sent in 64 KB chunks as a server receives it; counts what the reader took before refusing. */
  function* hostile(head: string, repeated: string, times: number) {
    yield head;
    for (let i = 0; i < times; i++) yield repeated;
  }
  async function* counted(parts: Iterable<string>, taken: { chunks: number }) {
    for (const part of parts) {
      taken.chunks++;
      yield part;
    }
  }

  test.each([
    [
      "a 45 MB attribute",
      () => hostile(`<testsuite name="s"><testcase name="`, "x".repeat(64 * 1024), 720),
      /an attribute is longer than 65,536/,
    ],
    ["1,000,000 nested elements", () => hostile("<testsuites>", "<a>".repeat(20_000), 50), /nested more than 64 deep/],
    [
      "a 45 MB DOCTYPE",
      () => hostile(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "`, "x".repeat(64 * 1024), 720),
      /DOCTYPE is not allowed/,
    ],
    ["a 45 MB attribute name", () => hostile(`<testsuite `, "x".repeat(64 * 1024), 720), /a name is longer than/],
  ])("%s is refused after reading a bounded part of it", async (_, body, message) => {
    const taken = { chunks: 0 };
    const error = await refusal(counted(body(), taken));
    expect(error.message).toMatch(message);
    expect(taken.chunks).toBeLessThanOrEqual(3);
  });
});

describe("attachments a test names", () => {
  const report = (body: string) => `<testsuites><testsuite name="Checkout">${body}</testsuite></testsuites>`;

  test("[[ATTACHMENT|path]] in system-out and system-err, each path once, with a passing test's too", async () => {
    const xml = report(`
      <testcase classname="checkout" name="pays">
        <failure message="boom">stack</failure>
        <system-out>step 1\n[[ATTACHMENT|/ci/build/shots/pays.png]]\nmore [[ATTACHMENT| logs/pays.log ]] text</system-out>
        <system-err><![CDATA[[[ATTACHMENT|/ci/build/shots/pays.png]]\n[[ATTACHMENT|C:\\ci\\trace.zip]]]]></system-err>
      </testcase>
      <testcase classname="checkout" name="lists"><system-out>[[ATTACHMENT|shots/lists.png]]</system-out></testcase>`);
    const { cases, warnings } = await parseJunit(xml);
    expect(cases.map((c) => c.attachments)).toEqual([
      ["/ci/build/shots/pays.png", "logs/pays.log", "C:\\ci\\trace.zip"],
      ["shots/lists.png"],
    ]);
    expect(warnings.list()).toEqual([]);
  });

  test("a marker split between the pieces a stream brings, however small", async () => {
    const xml = report(
      `<testcase classname="c" name="t"><system-out>${"x".repeat(5000)}[[ATTACHMENT|screens/after-a-long-log.png]]</system-out></testcase>`,
    );
    for (const size of [1, 2, 7, 64, 4096]) {
      const { cases } = await parseJunit(chunks(xml, size));
      expect(cases[0]!.attachments, `in pieces of ${size} bytes`).toEqual(["screens/after-a-long-log.png"]);
    }
  });

  test("the attachment property (Testmo) and attachment_N (Bitrise), by value or text; other properties are not files", async () => {
    const xml = report(`
      <testcase classname="c" name="t">
        <properties>
          <property name="attachment" value="screenshots/dashboard.png"/>
          <property name="attachment_1" value="pp1.jpg"/>
          <property name="attachment_2">logs/pp2.txt</property>
          <property name="attachments" value="not-this.png"/>
          <property name="test_id" value="C1042"/>
        </properties>
      </testcase>`);
    const { cases } = await parseJunit(xml);
    expect(cases[0]!.attachments).toEqual(["screenshots/dashboard.png", "pp1.jpg", "logs/pp2.txt"]);
    expect(cases[0]!.caseReference).toBe("C1042");
  });

  test("beyond a test's limit, too long, or outside any test: left out, and said", async () => {
    const many = Array.from({ length: JUNIT_LIMITS.maxAttachmentsPerCase + 2 }, (_, i) => `[[ATTACHMENT|shot-${i}.png]]`).join("\n");
    const xml = `<testsuites><testsuite name="Suite">
      <system-out>[[ATTACHMENT|suite-wide.log]]</system-out>
      <testcase classname="c" name="many"><system-out>${many}</system-out></testcase>
      <testcase classname="c" name="long"><system-out>[[ATTACHMENT|${"d/".repeat(600)}x.png]]</system-out></testcase>
    </testsuite></testsuites>`;
    const { cases, warnings } = await parseJunit(xml);
    expect(cases[0]!.attachments).toHaveLength(JUNIT_LIMITS.maxAttachmentsPerCase);
    expect(cases[0]!.attachments.at(-1)).toBe(`shot-${JUNIT_LIMITS.maxAttachmentsPerCase - 1}.png`);
    expect(cases[1]!.attachments).toEqual([]);
    const [warning] = warnings.list();
    expect(warning).toMatchObject({ code: "attachment-left-out", count: 4 });
    expect(warning!.message).toContain("suite-wide.log, named in the suite Suite's output, outside any test");
    expect(warning!.message).toContain("c.many: shot-20.png (a test names at most 20 files)");
    expect(warning!.message).toContain("c.long: a path longer than 1,024 characters");
  });
});
