import { describe, expect, test } from "vitest";
import { describeChange } from "./describe-change";
import { diffPipelines, pipelineOf, toYaml, type LiveEnvironment } from "./model";
import { parsePipeline } from "./parse";
import { NEW_ENVIRONMENT_FLAGS, WEEKEND_FREEZE } from "@/lib/testing/policies";
import type { PipelineFile } from "./schemas";

function live_(name: string, over: Partial<LiveEnvironment> = {}): LiveEnvironment {
  return {
    name,
    ...NEW_ENVIRONMENT_FLAGS,
    maxFailedTests: null,
    remindAfterMinutes: null,
    escalateAfterMinutes: null,
    signOffIn: null,
    approvalRules: [],
    freezeWindows: [],
    deployTarget: "MANUAL",
    deployConfig: null,
    ...over,
  };
}

const pipeline = pipelineOf("checkout-service", [
  live_("dev", { autoPromote: true, requirePreviousSuccess: false }),
  live_("staging"),
  live_("production", {
    approvalRules: [{ role: "OPS", minCount: 2 }],
    signOffIn: "staging",
    maxFailedTests: 0,
    freezeWindows: [
      { ...WEEKEND_FREEZE, startsAt: null, endsAt: null },
      {
        kind: "ONE_OFF",
        label: "Black Friday",
        timeZone: "America/New_York",
        startsAt: new Date("2026-11-27T05:00:00Z"),
        endsAt: new Date("2026-11-30T13:00:00Z"),
        startDay: null,
        startTime: null,
        endDay: null,
        endTime: null,
      },
    ],
    deployTarget: "WEBHOOK",
    deployConfig: { url: "https://deploy.example.com/hook", secret: "sealed", secretPrefix: "whsec_abc" },
  }),
]);

function parse(text: string): PipelineFile {
  const result = parsePipeline(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.file;
}

describe("plan and export", () => {
  test("export reads like a hand-written file and applies back with no change", () => {
    const yaml = toYaml(pipeline, ["exported"]);
    expect(yaml).toContain("# exported\nversion: 1\nproject: checkout-service\n");
    expect(yaml).toContain("weekly:\n          from: fri 16:00\n          to: mon 08:00");
    expect(yaml).toContain("from: 2026-11-27T00:00");
    expect(yaml).not.toContain("secret");
    expect(yaml).not.toMatch(/requesterMayApprove/);
    expect(diffPipelines(pipeline, parse(yaml))).toEqual([]);
  });

  test.each<[string, (p: PipelineFile) => PipelineFile, string[]]>([
    [
      "a rule's count",
      (p) => ({
        ...p,
        environments: p.environments.map((e) =>
          e.name === "production"
            ? {
                ...e,
                approvals: [
                  { role: "ops", count: 1 },
                  { role: "qa", count: 1 },
                ],
              }
            : e,
        ),
      }),
      ["~ production.approvals: 2 from ops → 1 from qa and 1 from ops"],
    ],
    [
      "a new environment in the middle",
      (p) => ({
        ...p,
        environments: [p.environments[0]!, p.environments[1]!, { ...p.environments[1]!, name: "perf" }, p.environments[2]!],
      }),
      ["+ environment perf (position 3)"],
    ],
    ["a removed environment", (p) => ({ ...p, environments: [p.environments[0]!, p.environments[2]!] }), ["- environment staging"]],
    [
      "two environments swapped",
      (p) => ({ ...p, environments: [p.environments[1]!, p.environments[0]!, p.environments[2]!] }),
      ["~ environment staging moves from position 2 to 1", "~ environment dev moves from position 1 to 2"],
    ],
    [
      "continuous deployment switched on, the deploy target changed",
      (p) => ({
        ...p,
        environments: p.environments.map((e) =>
          e.name === "staging"
            ? {
                ...e,
                autoPromote: true,
                deploy: { target: "git", repository: "/srv/env.git", branch: "main", path: "envs/{environment}.yaml" },
              }
            : e,
        ),
      }),
      ["~ staging.autoPromote: false → true", "~ staging.deploy: manual → git /srv/env.git main:envs/{environment}.yaml"],
    ],
  ])("a plan names %s", (_name, change, expected) => {
    expect(diffPipelines(pipeline, change(pipeline)).map(describeChange)).toEqual(expected);
  });

  test("reminders export, apply back with no change, and plan in the database's words", () => {
    const live = pipelineOf("p", [live_("production", { remindAfterMinutes: 240, escalateAfterMinutes: 1440 })]);
    const yaml = toYaml(live);
    expect(yaml).toContain("remindAfter: 4h\n    escalateAfter: 1d\n");
    expect(diffPipelines(live, parse(yaml))).toEqual([]);
    // The same times written otherwise are no change; switching one off is.
    expect(diffPipelines(live, parse(yaml.replace("4h", "240m").replace("1d", "24h")))).toEqual([]);
    expect(diffPipelines(live, parse(yaml.replace("    remindAfter: 4h\n", ""))).map(describeChange)).toEqual([
      "~ production.remindAfter: 4h → off",
    ]);
    expect(toYaml(pipelineOf("p", [live_("production")]))).not.toContain("remindAfter");
  });

  test("rules listed in another order than the database keeps them plan no change", () => {
    const live = pipelineOf("p", [
      live_("production", {
        approvalRules: [
          { role: "QA", minCount: 1 },
          { role: "OPS", minCount: 2 },
        ],
      }),
    ]);
    const file = parse(
      "version: 1\nenvironments:\n  - name: production\n    approvals: [{ role: ops, count: 2 }, { role: qa, count: 1 }]\n",
    );
    expect(diffPipelines(live, file)).toEqual([]);
  });

  test("the project's repository: exported, planned as one change, kept when the file leaves it out, refused when it is not a repository", () => {
    const withRepo = pipelineOf("checkout-service", [live_("dev")], "git@github.com:acme/checkout.git");
    const yaml = toYaml(withRepo);
    expect(yaml).toContain("repository: git@github.com:acme/checkout.git\n");
    const read = parsePipeline(yaml);
    expect(read.ok && diffPipelines(withRepo, read.file)).toEqual([]);
    const moved = { ...withRepo, repository: "https://github.com/acme/checkout.git" };
    const changes = diffPipelines(withRepo, moved);
    expect(changes.map(describeChange)).toEqual(["~ repository: git@github.com:acme/checkout.git → https://github.com/acme/checkout.git"]);
    expect(diffPipelines(pipelineOf("checkout-service", [live_("dev")]), moved).map(describeChange)).toEqual([
      "~ repository: none → https://github.com/acme/checkout.git",
    ]);
    const { repository: _left, ...without } = withRepo;
    expect(diffPipelines(withRepo, without)).toEqual([]);
    const wrong = parsePipeline("version: 1\nrepository: ext::sh -c id\nenvironments:\n  - name: dev\n");
    expect(!wrong.ok && wrong.problems.map((p) => p.path)).toEqual(["repository"]);
  });
});
