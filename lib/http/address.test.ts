import { describe, expect, it } from "vitest";
import { allOf, oneOf, queryWith, searchParamsOf } from "./address";

describe("queryWith", () => {
  it("sets, repeats and takes out fields, keeping the others", () => {
    expect(queryWith("?q=login&page=3", { page: null, priority: ["HIGH", "LOW"] })).toBe("?q=login&priority=HIGH&priority=LOW");
    expect(queryWith(new URLSearchParams("status=failed"), { status: "passed" })).toBe("?status=passed");
  });

  it("is empty when nothing is left, and an empty value takes the field out", () => {
    expect(queryWith("?q=login", { q: "" })).toBe("");
    expect(queryWith("", { q: undefined, tag: [] })).toBe("");
  });

  it("encodes what it writes", () => {
    expect(queryWith("", { q: "a&b =c" })).toBe("?q=a%26b+%3Dc");
  });
});

describe("searchParamsOf", () => {
  it("reads a server page's search parameters, a field given twice with both values", () => {
    const query = searchParamsOf({ q: "login", priority: ["HIGH", "LOW"], none: undefined });
    expect(query.toString()).toBe("q=login&priority=HIGH&priority=LOW");
  });
});

describe("oneOf and allOf", () => {
  const query = new URLSearchParams("status=Failed&priority=zzz&priority=high&priority=LOW&priority=high");

  it("keep only the values allowed, whatever their case, as they are spelt", () => {
    expect(oneOf(query, "status", ["PASSED", "FAILED"])).toBe("FAILED");
    expect(allOf(query, "priority", ["LOW", "MEDIUM", "HIGH"])).toEqual(["LOW", "HIGH"]);
  });

  it("leave out what is unknown or missing", () => {
    expect(oneOf(new URLSearchParams("status=bogus"), "status", ["PASSED"])).toBeUndefined();
    expect(oneOf(query, "missing", ["PASSED"])).toBeUndefined();
    expect(allOf(new URLSearchParams("priority=zzz"), "priority", ["LOW"])).toEqual([]);
  });
});
