import { describe, expect, test } from "vitest";
import { compareUrlOf } from "./compare";

describe("compare links", () => {
  test("GitHub and GitLab repositories, as https or scp-like addresses, link to their compare pages", () => {
    expect(compareUrlOf("https://github.com/acme/checkout.git", "abc1234", "def5678")).toBe(
      "https://github.com/acme/checkout/compare/abc1234...def5678",
    );
    expect(compareUrlOf("git@github.com:acme/checkout.git", "a1", "b2")).toBe("https://github.com/acme/checkout/compare/a1...b2");
    expect(compareUrlOf("https://gitlab.com/acme/shop/checkout", "a1", "b2")).toBe(
      "https://gitlab.com/acme/shop/checkout/-/compare/a1...b2",
    );
    expect(compareUrlOf("ssh://git@gitlab.com/acme/checkout.git", "a1", "b2")).toBe("https://gitlab.com/acme/checkout/-/compare/a1...b2");
  });

  test("other hosts, local paths and odd paths get no link", () => {
    expect(compareUrlOf("https://git.example.com/acme/checkout.git", "a1", "b2")).toBeNull();
    expect(compareUrlOf("/srv/git/checkout.git", "a1", "b2")).toBeNull();
    expect(compareUrlOf("https://github.com/acme", "a1", "b2")).toBeNull();
    expect(compareUrlOf("https://github.com/acme/../x", "a1", "b2")).toBeNull();
  });
});
