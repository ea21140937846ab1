import { describe, expect, it } from "vitest";
import { safeReturnPath, signInPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps a path of this site with its query", () => {
    expect(safeReturnPath("/projects/shop/cases?q=login&priority=HIGH")).toBe("/projects/shop/cases?q=login&priority=HIGH");
  });

  it("sends anything else home: another site, a path browsers read as one, not a string", () => {
    for (const value of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "relative", "", null, undefined, ["/a", "/b"]]) {
      expect(safeReturnPath(value)).toBe("/");
    }
  });
});

describe("signInPath", () => {
  it("comes back to the page and its query after signing in", () => {
    expect(signInPath("/audit?project=shop&action=release.")).toBe("/sign-in?callbackUrl=%2Faudit%3Fproject%3Dshop%26action%3Drelease.");
  });

  it("is the plain sign-in page without an address, and never leads elsewhere", () => {
    expect(signInPath(null)).toBe("/sign-in");
    expect(signInPath("//evil.example")).toBe("/sign-in?callbackUrl=%2F");
  });
});
