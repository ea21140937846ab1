import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { automationIdOf, explicitCaseKey, JUNIT_LIMITS, JunitError, parseJunit, type JunitCase } from "./parse";

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
    expect(explicitCaseKey(report.cases[0]!)).toBe("CHK-1");
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
    expect(explicitCaseKey(report.cases[0]!)).toBe("CHK-2");
    expect(report.cases[1]!.output).toContain("Error: expect(locator).toBeVisible() failed");
    expect(report.cases[1]!.durationMs).toBe(5002);
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
    // Suite-level properties are not a case's properties.
    expect(report.cases[0]!.properties).toEqual({});
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
    [{ "shiproom.case": "chk-7" }, "CHK-7"],
    [{ test_id: "PAY-12" }, "PAY-12"],
    [{ case_id: "12" }, null],
    [{ other: "CHK-1" }, null],
  ])("explicit case key of %o is %s", (properties, expected) => {
    expect(explicitCaseKey({ properties })).toBe(expected);
  });
});
