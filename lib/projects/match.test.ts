import { describe, expect, test } from "vitest";
import { projectMatches } from "./match";

describe("finding a project by what is typed", () => {
  const project = { name: "Checkout  Service", key: "CHK", slug: "checkout-service" };
  test("name, key or slug, in any letter case, spaces run together and trimmed", () => {
    expect(projectMatches(project, "checkout service")).toBe(true);
    expect(projectMatches(project, " chk ")).toBe(true);
    expect(projectMatches(project, "T-SERV")).toBe(true);
    expect(projectMatches(project, "payments")).toBe(false);
  });
  test("an empty filter holds every project", () => {
    expect(projectMatches(project, "  ")).toBe(true);
  });
});
