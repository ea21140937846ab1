import { describe, expect, it } from "vitest";
import { actionPrefixes, auditFiltersOf } from "./filters";

const MEMBER = "5b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const offered = { members: [MEMBER], actions: ["release.created", "deployment.approved"], projects: ["checkout"] };
const read = (query: string) => auditFiltersOf(new URLSearchParams(query), offered);

describe("auditFiltersOf", () => {
  it("reads every filter the page offers", () => {
    expect(
      read(
        `actor=${MEMBER}&action=deployment.&project=checkout&objectType=Release&objectId=v1.2.3&from=2026-11-01T00:00:00.000Z&to=2026-11-30T12:00:00Z`,
      ),
    ).toEqual({
      actor: MEMBER,
      action: "deployment.",
      project: "checkout",
      objectType: "Release",
      objectId: "v1.2.3",
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-30T12:00:00Z",
    });
    expect(read("action=release.created")).toEqual({ action: "release.created" });
    expect(read("actor=shiproom")).toEqual({ actor: "shiproom" });
  });

  it("leaves out what the page does not offer or the API would refuse, the rest kept", () => {
    expect(read("actor=someone&action=bogus&project=elsewhere&from=yesterday&to=2026-02-30T00:00Z&objectId=" + "x".repeat(101))).toEqual(
      {},
    );
    expect(read("action=deploy&project=checkout&before=12")).toEqual({ project: "checkout" });
    expect(read("project=%20")).toEqual({});
  });
});

describe("actionPrefixes", () => {
  it("names each kind of object once", () => {
    expect(actionPrefixes(["release.created", "release.abandoned", "deployment.approved"])).toEqual(["release.", "deployment."]);
  });
});
