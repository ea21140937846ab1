import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { commitMessage, stateFile, statePath, type DeploymentFacts } from "./state";

const facts: DeploymentFacts = {
  project: { slug: "checkout-service", name: "Checkout service" },
  environment: "production",
  promotion: { id: "0194-d1", number: 12, isRollback: false, reason: null, requestedBy: "Dana Developer" },
  release: { version: "v1.4.0", commitSha: "abc1234def", artifactRef: "registry.example/checkout@sha256:ff" },
  approvals: [
    { name: "Olive Ops", email: "ops@shiproom.local" },
    { name: "Oscar Ops", email: "oscar@example.test" },
  ],
  signOff: "Quinn QA (run #3)",
  approvedAt: "2026-11-25T12:00:00.000Z",
};

describe("the git deploy target's commit", () => {
  test("the state file says what must run, and who decided", () => {
    expect(parse(stateFile(facts))).toEqual({
      project: "checkout-service",
      environment: "production",
      release: { version: "v1.4.0", commit: "abc1234def", artifact: "registry.example/checkout@sha256:ff" },
      promotion: {
        id: "0194-d1",
        number: 12,
        rollback: false,
        approvedAt: "2026-11-25T12:00:00.000Z",
        requestedBy: "Dana Developer",
        approvedBy: ["Olive Ops", "Oscar Ops"],
        qaSignOff: "Quinn QA (run #3)",
      },
    });
  });

  test("the message names the release and carries trailers for approvers and the sign-off", () => {
    expect(commitMessage(facts)).toBe(
      [
        "Deploy v1.4.0 to production (checkout-service #12)",
        "",
        "Requested by Dana Developer; approved by Olive Ops and Oscar Ops.",
        "",
        "Shiproom-Promotion: 0194-d1",
        "Shiproom-Release: v1.4.0",
        "Shiproom-Commit: abc1234def",
        "Approved-by: Olive Ops <ops@shiproom.local>",
        "Approved-by: Oscar Ops <oscar@example.test>",
        "QA-Signed-off-by: Quinn QA (run #3)",
        "",
      ].join("\n"),
    );
  });

  test("a rollback is a commit too, with its reason on one trailer line", () => {
    const rollback = commitMessage({
      ...facts,
      promotion: { ...facts.promotion, isRollback: true, reason: "incident 42:\nerror rate" },
      approvals: [],
      signOff: null,
      release: { ...facts.release, version: "v1.3.2" },
    });
    expect(rollback.split("\n")[0]).toBe("Roll back production to v1.3.2 (checkout-service #12)");
    expect(rollback).toContain("Requested by Dana Developer; no approval required.");
    expect(rollback).toContain("Rollback-Reason: incident 42: error rate\n");
  });

  test("the path template takes the project and the environment", () => {
    expect(statePath("deploy/{project}/{environment}.yaml", facts)).toBe("deploy/checkout-service/production.yaml");
  });
});
