import { describe, expect, test } from "vitest";
import { parsePipeline } from "./parse";
import type { EnvironmentSpec, PipelineFile } from "./schemas";
import { gateWeakenings } from "./weakening";

const NOW = new Date("2026-12-01T12:00:00Z");

const BASE = `
version: 1
project: checkout-service
environments:
  - name: dev
    autoPromote: true
    requirePreviousSuccess: false
  - name: staging
  - name: production
    approvals: [{ role: ops, count: 2 }]
    signOff: { in: staging, maxFailed: 0 }
    freezes:
      - { label: Weekend, timeZone: Europe/Berlin, weekly: { from: "fri 16:00", to: "mon 08:00" } }
      - { label: Holidays, timeZone: Europe/Berlin, from: "2026-12-20T00:00", to: "2027-01-04T08:00" }
      - { label: Black Friday, timeZone: America/New_York, from: "2026-11-27T00:00", to: "2026-11-30T08:00" }
    rollbacks: { duringFreeze: false, needApproval: true }
    deploy: { target: webhook, url: "https://deploy.example.com/hook" }
`;

function parse(text: string): PipelineFile {
  const result = parsePipeline(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.file;
}

const base = parse(BASE);

/** The base pipeline with one environment changed. */
function withEnv(name: string, change: (env: EnvironmentSpec) => EnvironmentSpec): PipelineFile {
  return { ...base, environments: base.environments.map((env) => (env.name === name ? change(structuredClone(env)) : env)) };
}
const production = (change: Partial<EnvironmentSpec>) => withEnv("production", (env) => ({ ...env, ...change }));
const prodEnv = base.environments[2]!;
const [weekend, holidays, blackFriday] = prodEnv.freezes as [
  EnvironmentSpec["freezes"][number],
  EnvironmentSpec["freezes"][number],
  EnvironmentSpec["freezes"][number],
];

const messages = (desired: PipelineFile) => gateWeakenings(base, desired, NOW).map((w) => `${w.environment} ${w.gate}: ${w.message}`);

describe("a pipeline change that weakens a gate is named", () => {
  test.each<[string, PipelineFile, string]>([
    ["approvals removed", production({ approvals: [] }), "production approvals: approvals: 2 from ops → none"],
    ["fewer approvals", production({ approvals: [{ role: "ops", count: 1 }] }), "production approvals: approvals: 2 from ops → 1 from ops"],
    [
      "a role replaced by another",
      production({ approvals: [{ role: "developer", count: 2 }] }),
      "production approvals: approvals: 2 from ops → 2 from developer",
    ],
    [
      "the requester may approve",
      production({ requesterMayApprove: true }),
      "production requesterMayApprove: the requester may approve their own promotion",
    ],
    ["the author may approve", production({ authorMayApprove: true }), "production authorMayApprove: the release's author may approve it"],
    ["sign-off dropped", production({ signOff: null }), "production signOff: QA sign-off on staging is no longer required"],
    [
      "sign-off moved earlier",
      production({ signOff: { in: "dev", maxFailed: 0 } }),
      "production signOff: QA sign-off moves from staging to dev, earlier in the pipeline",
    ],
    [
      "more failed tests tolerated",
      production({ signOff: { in: "staging", maxFailed: 3 } }),
      "production maxFailed: failed tests tolerated: at most 0 → at most 3",
    ],
    [
      "the failed-test limit removed",
      production({ signOff: { in: "staging", maxFailed: null } }),
      "production maxFailed: failed tests tolerated: at most 0 → any number",
    ],
    [
      "a weekly freeze removed",
      production({ freezes: [holidays] }),
      'production freezes: freeze "Weekend" (every fri 16:00 – mon 08:00 Europe/Berlin) is removed or shortened',
    ],
    [
      "a weekly freeze shortened",
      production({ freezes: [{ ...weekend, weekly: { from: "fri 16:00", to: "sun 20:00" } }, holidays] }),
      'production freezes: freeze "Weekend" (every fri 16:00 – mon 08:00 Europe/Berlin) is removed or shortened',
    ],
    [
      "a weekly freeze started later",
      production({ freezes: [{ ...weekend, weekly: { from: "sat 00:00", to: "mon 08:00" } }, holidays] }),
      'production freezes: freeze "Weekend" (every fri 16:00 – mon 08:00 Europe/Berlin) is removed or shortened',
    ],
    [
      "a weekly freeze moved to another time zone",
      production({ freezes: [{ ...weekend, timeZone: "America/Los_Angeles" }, holidays] }),
      'production freezes: freeze "Weekend" (every fri 16:00 – mon 08:00 Europe/Berlin) is removed or shortened',
    ],
    [
      "a coming one-off freeze removed",
      production({ freezes: [weekend] }),
      'production freezes: freeze "Holidays" (2026-12-20T00:00 – 2027-01-04T08:00 Europe/Berlin) is removed or shortened',
    ],
    [
      "a coming one-off freeze shortened",
      production({ freezes: [weekend, { ...holidays, to: "2027-01-02T00:00" }] }),
      'production freezes: freeze "Holidays" (2026-12-20T00:00 – 2027-01-04T08:00 Europe/Berlin) is removed or shortened',
    ],
    [
      "rollbacks allowed during a freeze",
      production({ rollbacks: { duringFreeze: true, needApproval: true } }),
      "production rollbacks: rollbacks are allowed during a freeze",
    ],
    [
      "rollbacks no longer approved",
      production({ rollbacks: { duringFreeze: false, needApproval: false } }),
      "production rollbacks: rollbacks no longer need approvals",
    ],
    [
      "automatic promotion switched on",
      production({ autoPromote: true }),
      "production autoPromote: releases are promoted automatically, without a person requesting it",
    ],
    [
      "the deploy hook's URL changed",
      production({ deploy: { target: "webhook", url: "https://evil.example.net/hook" } }),
      "production deploy: deploy target: webhook https://deploy.example.com/hook → webhook https://evil.example.net/hook",
    ],
    [
      "a deploy target of a manual environment set",
      withEnv("staging", (env) => ({
        ...env,
        deploy: { target: "git", repository: "https://git.example.com/env.git", branch: "main", path: "x.yaml" },
      })),
      "staging deploy: deploy target: manual → git https://git.example.com/env.git main:x.yaml",
    ],
    [
      "success in the previous environment no longer required",
      production({ requirePreviousSuccess: false }),
      "production previousSuccess: a release no longer has to succeed in staging and dev first",
    ],
    [
      "an environment removed",
      { ...base, environments: [base.environments[0]!, { ...prodEnv, signOff: { in: "dev", maxFailed: 0 } }] },
      "staging environment: staging is removed, with every gate of entering it",
    ],
  ])("%s", (_kind, desired, expected) => {
    expect(messages(desired)).toContain(expected);
  });

  test("an environment slipped in before production that skips staging weakens production's chain", () => {
    const bypass: EnvironmentSpec = { ...base.environments[1]!, name: "fastlane", requirePreviousSuccess: false };
    const desired = { ...base, environments: [base.environments[0]!, base.environments[1]!, bypass, prodEnv] };
    expect(messages(desired)).toEqual([
      "production previousSuccess: a release no longer has to succeed in staging and dev first",
      "fastlane previousSuccess: new environment a release may enter without succeeding in staging first",
    ]);
  });

  test("production moved before staging loses staging as a step and its sign-off must move", () => {
    const desired = {
      ...base,
      environments: [base.environments[0]!, { ...prodEnv, signOff: { in: "dev", maxFailed: 0 } }, base.environments[1]!],
    };
    expect(messages(desired)).toEqual([
      "production previousSuccess: a release no longer has to succeed in staging first",
      "production signOff: QA sign-off moves from staging to dev, earlier in the pipeline",
    ]);
  });

  test("a new environment that deploys by webhook is an admin's choice", () => {
    const desired = {
      ...base,
      environments: [
        ...base.environments,
        { ...prodEnv, name: "dr", deploy: { target: "webhook" as const, url: "https://x.example.com/" } },
      ],
    };
    expect(messages(desired)).toEqual(["dr deploy: new environment deploying by webhook https://x.example.com/"]);
  });

  test("a new environment promoted automatically, or entered without success before it, is an admin's choice", () => {
    const prod2 = { ...base.environments[1]!, name: "prod2", autoPromote: true, requirePreviousSuccess: false };
    expect(messages({ ...base, environments: [...base.environments, prod2] })).toEqual([
      "prod2 autoPromote: new environment promoted automatically, without a person requesting it",
      "prod2 previousSuccess: new environment a release may enter without succeeding in production first",
    ]);
    // The first environment has nothing before it to succeed in.
    const first = { ...base.environments[1]!, name: "sandbox", requirePreviousSuccess: false };
    expect(messages({ ...base, environments: [first, ...base.environments] })).toEqual([]);
  });

  test("several weakenings in one file are all named, in pipeline order", () => {
    const desired = withEnv("production", (env) => ({ ...env, approvals: [], signOff: null, autoPromote: true }));
    expect(gateWeakenings(base, desired, NOW).map((w) => w.gate)).toEqual(["approvals", "signOff", "autoPromote"]);
  });
});

describe("a change that keeps or tightens every gate weakens nothing", () => {
  test.each<[string, PipelineFile]>([
    ["the same file", base],
    ["more approvals", production({ approvals: [{ role: "ops", count: 3 }] })],
    [
      "an added approval rule",
      production({
        approvals: [
          { role: "ops", count: 2 },
          { role: "qa", count: 1 },
        ],
      }),
    ],
    ["sign-off required where none was", withEnv("staging", (env) => ({ ...env, signOff: { in: "dev", maxFailed: null } }))],
    ["fewer failed tests tolerated", production({ signOff: { in: "staging", maxFailed: 0 } })],
    ["a limit on failed tests where there was none", withEnv("staging", (env) => ({ ...env, signOff: { in: "dev", maxFailed: 2 } }))],
    ["a freeze added", withEnv("staging", (env) => ({ ...env, freezes: [weekend] }))],
    [
      "a weekly freeze lengthened",
      production({ freezes: [{ ...weekend, weekly: { from: "fri 12:00", to: "mon 10:00" } }, holidays, blackFriday] }),
    ],
    ["a one-off freeze extended", production({ freezes: [weekend, { ...holidays, from: "2026-12-18T00:00", to: "2027-01-06T00:00" }] })],
    ["a one-off freeze that ended removed", production({ freezes: [weekend, holidays] })],
    ["a freeze renamed", production({ freezes: [{ ...weekend, label: "Weekend freeze" }, holidays] })],
    ["automatic promotion switched off", withEnv("dev", (env) => ({ ...env, autoPromote: false }))],
    // Reminders and escalation tell people; they hold no release back, so dropping them is no weakening.
    ["reminders and escalation switched on", production({ remindAfter: "4h", escalateAfter: "1d" })],
    ["the requester may no longer approve", withEnv("staging", (env) => ({ ...env, requesterMayApprove: false }))],
    [
      "an environment added between staging and production that needs staging first",
      { ...base, environments: [base.environments[0]!, base.environments[1]!, { ...base.environments[1]!, name: "canary" }, prodEnv] },
    ],
    ["a manual environment added at the end", { ...base, environments: [...base.environments, { ...base.environments[1]!, name: "dr" }] }],
    [
      "sign-off moved to a later environment",
      {
        ...base,
        environments: [
          base.environments[0]!,
          base.environments[1]!,
          { ...base.environments[1]!, name: "preprod" },
          { ...prodEnv, signOff: { in: "preprod", maxFailed: 0 } },
        ],
      },
    ],
  ])("%s", (_kind, desired) => {
    expect(gateWeakenings(base, desired, NOW)).toEqual([]);
  });

  test("reminders switched off weaken no gate: they hold no release back", () => {
    const reminded = production({ remindAfter: "4h", escalateAfter: "1d" });
    expect(gateWeakenings(reminded, base, NOW)).toEqual([]);
  });

  test("a one-off freeze under way may lose the part that has passed, not the part to come", () => {
    const now = new Date("2026-12-25T12:00:00Z");
    expect(gateWeakenings(base, production({ freezes: [weekend, { ...holidays, from: "2026-12-25T12:30" }] }), now)).toEqual([]);
    expect(gateWeakenings(base, production({ freezes: [weekend, { ...holidays, from: "2026-12-26T00:00" }] }), now)).toHaveLength(1);
  });
});
