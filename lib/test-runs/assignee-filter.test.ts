import { describe, expect, test } from "vitest";
import { assigneeFilterOf, assigneeParam, matchesAssignee } from "./assignee-filter";

const me = "0195f3a0-0000-7000-8000-000000000001";
const other = "0195f3a0-0000-7000-8000-000000000002";
const of = (query: string) => assigneeFilterOf(new URLSearchParams(query));

describe("the run's assignee filter", () => {
  test("the address names mine, unassigned or a member; anything else is everyone", () => {
    expect(of("assignee=mine")).toBe("mine");
    expect(of("assignee=Unassigned")).toBe("unassigned");
    expect(of(`assignee=${other}`)).toEqual({ id: other });
    expect(of("assignee=someone")).toBeNull();
    expect(of("")).toBeNull();
    expect(assigneeParam(of(`assignee=${other}`))).toBe(other);
    expect(assigneeParam(null)).toBeNull();
  });

  test("each filter keeps its cases", () => {
    const mine = { assignee: { id: me, name: "Me" } };
    const theirs = { assignee: { id: other, name: "Them" } };
    const nobody = { assignee: null };
    const kept = (query: string) => [mine, theirs, nobody].filter((r) => matchesAssignee(r, of(query), me));
    expect(kept("assignee=mine")).toEqual([mine]);
    expect(kept("assignee=unassigned")).toEqual([nobody]);
    expect(kept(`assignee=${other}`)).toEqual([theirs]);
    expect(kept("")).toEqual([mine, theirs, nobody]);
  });
});
