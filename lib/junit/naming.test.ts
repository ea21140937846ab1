import { describe, expect, test } from "vitest";
import { classPathOf, sharedPrefixLength, suiteNamesOf, titleOf } from "./naming";

describe("a case made by an import has a readable title; the raw name stays its automation id", () => {
  test.each([
    ["test_update_quantity", "", "Update quantity"],
    ["testAddItem", "", "Add item"],
    ["TestCheckoutTimeout", "example.org/shop/cart", "Checkout timeout"],
    ["TestDiscount/zero_items", "github.com/shop/cart", "Discount / zero items"],
    ["parsesAmount", "org.example.DurationTest", "Parses amount"],
    ["addsItem()", "com.shop.CartTest", "Adds item"],
    ["test_pay[visa]", "tests.test_checkout", "Pay [visa]"],
    ["addsItem(int)[1]", "com.shop.CartTest", "Adds item (int)[1]"],
    ["test_parse_HTML_body", "", "Parse HTML body"],
    ["HTTPClientRetries", "", "HTTP client retries"],
    ["testing_is_fun", "", "Testing is fun"],
    ["test", "", "Test"],
    ["checkout › pays with a card", "checkout.spec.ts", "Checkout › pays with a card"],
    ["adds an item", "src/cart.test.ts", "Adds an item"],
    ["MyApp.Tests.CartTests.AddsItem", "MyApp.Tests.CartTests", "Adds item"],
    ["tests::parses_empty_input", "shop::bin/shop", "Parses empty input"],
    ["Valid Login", "Tests.Login Suite", "Valid Login"],
    ["(suite)", "payments.tests", "Suite set-up"],
  ])("%s → %s", (name, classname, title) => {
    expect(titleOf({ name, classname })).toBe(title);
  });
});

describe("suites come from the classname path, without the prefix all the report's classnames share", () => {
  const suitesOf = (tests: { classname: string; suite?: string; name?: string }[]) => {
    const paths = tests.map((t) => classPathOf({ classname: t.classname, suite: t.suite ?? "", name: t.name ?? "test_x" }));
    const shared = sharedPrefixLength(paths);
    return paths.map((path) => suiteNamesOf(path, shared).join(" › "));
  };

  test.each([
    [
      "pytest",
      [{ classname: "tests.checkout.test_cart" }, { classname: "tests.inventory.test_stock" }],
      ["Checkout › Cart", "Inventory › Stock"],
    ],
    [
      "Surefire",
      [{ classname: "org.example.shop.cart.CartTest" }, { classname: "org.example.shop.payment.CardTest" }],
      ["Cart › Cart test", "Payment › Card test"],
    ],
    ["gotestsum, one package", [{ classname: "example.org/shop/cart" }], ["Cart"]],
    [
      "gotestsum, two packages",
      [{ classname: "example.org/shop/cart" }, { classname: "example.org/shop/pay/card" }],
      ["Cart", "Pay › Card"],
    ],
    ["Vitest files", [{ classname: "src/cart.test.ts" }, { classname: "src/pay/card.test.ts" }], ["Cart", "Pay › Card"]],
    ["Playwright", [{ classname: "checkout.spec.ts" }, { classname: "auth/login.spec.ts" }], ["Checkout", "Auth › Login"]],
    ["PHPUnit", [{ classname: "Tests\\Unit\\CartTest" }, { classname: "Tests\\Unit\\Pay\\CardTest" }], ["Cart test", "Pay › Card test"]],
    ["Robot Framework", [{ classname: "Tests.Login Suite" }, { classname: "Tests.Cart Suite" }], ["Login Suite", "Cart Suite"]],
    [
      "jest-junit (the classname is the test's title): the suite's name",
      [{ classname: "cart adds an item", name: "cart adds an item", suite: "cart" }],
      ["Cart"],
    ],
    [
      "Cypress (mocha: the classname is the title): the suite's name",
      [{ classname: "shows an error", name: "Login shows an error", suite: "Login" }],
      ["Login"],
    ],
    ["no classname, no suite", [{ classname: "" }], [""]],
    ["the same classname twice", [{ classname: "tests.test_cart" }, { classname: "tests.test_cart" }], ["Cart", "Cart"]],
  ])("%s", (_, tests, expected) => {
    expect(suitesOf(tests)).toEqual(expected);
  });
});
