import { describe, expect, it } from "vitest";
import { caseFiltersOf, casesQuery } from "./filters";

const SUITE = "7d5c3f1e-2b4a-4c6d-8e9f-0a1b2c3d4e5f";
const read = (query: string, suites?: { id: string }[]) => caseFiltersOf(new URLSearchParams(query), suites);

describe("caseFiltersOf", () => {
  it("reads every filter an address may hold", () => {
    expect(read(`q=+login+&suite=${SUITE}&tag=Smoke&priority=HIGH&priority=low&kind=automated&archived=true&page=3`)).toEqual({
      page: 3,
      q: "login",
      suite: SUITE,
      tags: ["smoke"],
      priority: ["LOW", "HIGH"],
      kind: "AUTOMATED",
      archived: true,
    });
  });

  it("leaves out what is wrong, the rest kept: the first page by default", () => {
    expect(read("page=-1&priority=zzz&kind=robot&tag=no%20spaces&suite=nope&archived=yes&q=login")).toEqual({ page: 1, q: "login" });
    expect(read(`page=0`)).toEqual({ page: 1 });
    expect(read(`page=100001`)).toEqual({ page: 1 });
    expect(read(`q=${"x".repeat(201)}`)).toEqual({ page: 1 });
  });

  it("keeps a suite only when it is the project's, once the suites are known", () => {
    expect(read(`suite=${SUITE}`, [])).toEqual({ page: 1 });
    expect(read(`suite=${SUITE}`, [{ id: SUITE }])).toEqual({ page: 1, suite: SUITE });
    expect(read("suite=none", [])).toEqual({ page: 1, suite: "none" });
  });

  it("reads back what casesQuery writes", () => {
    const filters = {
      page: 2,
      q: "refund card",
      suite: "none" as const,
      tags: ["a", "b"],
      priority: ["CRITICAL" as const],
      archived: true,
    };
    expect(read(casesQuery(filters))).toEqual(filters);
    expect(casesQuery({ page: 1 })).toBe("");
  });
});
