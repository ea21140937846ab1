import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { describeProblem, parsePipeline } from "./parse";

const valid = `
version: 1
project: checkout-service
environments:
  - name: dev
    autoPromote: true
    requirePreviousSuccess: false
  - name: staging
  - name: production
    approvals:
      - { role: ops, count: 2 }
    signOff: { in: staging }
    freezes:
      - label: Weekend
        timeZone: Europe/Berlin
        weekly: { from: "fri 16:00", to: "mon 08:00" }
    deploy: { target: webhook, url: "https://deploy.example.com/hook" }
`;

function problems(text: string) {
  const result = parsePipeline(text);
  if (result.ok) throw new Error("expected problems");
  return result.problems.map((p) => describeProblem(p));
}

describe("reading shiproom.yaml", () => {
  test("a valid file gets every default filled in", () => {
    const result = parsePipeline(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file.environments.map((e) => e.name)).toEqual(["dev", "staging", "production"]);
    expect(result.file.environments[1]).toEqual({
      name: "staging",
      autoPromote: false,
      requirePreviousSuccess: true,
      approvals: [],
      requesterMayApprove: false,
      authorMayApprove: false,
      signOff: null,
      freezes: [],
      rollbacks: { duringFreeze: true, needApproval: false },
      deploy: { target: "manual" },
      remindAfter: null,
      escalateAfter: null,
    });
    expect(result.file.environments[2]!.signOff).toEqual({ in: "staging", maxFailed: null });
  });

  test.each([
    [
      "a reminder that is not a duration",
      valid.replace("    signOff: { in: staging }", "    remindAfter: soon\n    signOff: { in: staging }"),
      'shiproom.yaml:12:18 environments[2].remindAfter: use a duration like "30m", "4h" or "1d" (at most 30d)',
    ],
    [
      "an unknown role",
      valid.replace("role: ops", "role: opps"),
      'shiproom.yaml:11:17 environments[2].approvals[0].role: unknown role "opps" (use developer, qa, ops or admin)',
    ],
    [
      "a count that is not a number",
      valid.replace("count: 2", "count: two"),
      "shiproom.yaml:11:29 environments[2].approvals[0].count: a number",
    ],
    [
      "a sign-off in a later environment",
      valid.replace("in: staging", "in: production"),
      'shiproom.yaml:12:20 environments[2].signOff.in: "production" is not an environment before production',
    ],
    [
      "an unknown time zone",
      valid.replace("Europe/Berlin", "Europe/Atlantis"),
      'shiproom.yaml:15:19 environments[2].freezes[0].timeZone: unknown time zone "Europe/Atlantis" (use an IANA name like Europe/Berlin)',
    ],
    [
      "a weekly freeze in another format",
      valid.replace('"fri 16:00"', '"friday 4pm"'),
      'shiproom.yaml:16:25 environments[2].freezes[0].weekly.from: use a day and a time, like "fri 16:00"',
    ],
    [
      "a deploy target that does not exist",
      valid.replace("target: webhook", "target: ftp"),
      'shiproom.yaml:17:23 environments[2].deploy.target: target is "manual", "webhook" or "git"',
    ],
    [
      "a key that means nothing",
      valid.replace("autoPromote: true", "autoPromote: true\n    autopromote: false"),
      'shiproom.yaml:5:5 environments[0]: Unrecognized key: "autopromote"',
    ],
    [
      "the same environment twice",
      valid.replace("name: staging", "name: dev"),
      'shiproom.yaml:8:11 environments[1].name: "dev" is already environments[0]',
    ],
    ["a missing version", valid.replace("version: 1\n", ""), "shiproom.yaml:2:1 version: version: 1 is the only version so far"],
  ])("%s is named with its place and line", (_name, text, message) => {
    expect(problems(text)).toContain(message);
  });

  test("every problem is reported, not just the first", () => {
    const text = valid.replace("role: ops", "role: opps").replace("Europe/Berlin", "Mars/Olympus");
    expect(problems(text)).toHaveLength(2);
  });

  test("broken YAML is refused with its line and column", () => {
    expect(problems("version: 1\nenvironments:\n  - name: dev\n   bad: [")[0]).toMatch(/^shiproom\.yaml:4:\d+ /);
    expect(problems("version: 1\nversion: 2\nenvironments: []")[0]).toMatch(/^shiproom\.yaml:2:1 Map keys must be unique/);
  });

  test("alias bombs and huge files are refused", () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`;
    expect(problems(bomb)).toEqual(["shiproom.yaml: Excessive alias count indicates a resource exhaustion attack"]);
    expect(problems(`version: 1\n# ${"x".repeat(300_000)}\nenvironments: []`)[0]).toContain("larger than 256 KB");
  });

  test("a freeze on 30 February (the handed file) is refused with its line and column", () => {
    const text = fs.readFileSync(path.join(import.meta.dirname, "fixtures", "freeze-impossible-date.yaml"), "utf8");
    expect(problems(text)).toEqual(["shiproom.yaml:14:64 environments[2].freezes[0].from: 2027-02-30 does not exist"]);
  });

  const oneOff = (from: string, to: string, zone = "Europe/Berlin") =>
    valid
      .replace('weekly: { from: "fri 16:00", to: "mon 08:00" }', `from: "${from}"\n        to: "${to}"`)
      .replace("timeZone: Europe/Berlin", `timeZone: ${zone}`);
  test.each<[string, string, string, string]>([
    [
      "a day no month has",
      "2026-11-31T10:00",
      "2026-12-02T10:00",
      "shiproom.yaml:16:15 environments[2].freezes[0].from: 2026-11-31 does not exist",
    ],
    [
      "29 February of a common year",
      "2027-02-28T10:00",
      "2027-02-29T10:00",
      "shiproom.yaml:17:13 environments[2].freezes[0].to: 2027-02-29 does not exist",
    ],
    [
      "a time the clocks skip",
      "2026-03-29T02:30",
      "2026-03-30T10:00",
      "shiproom.yaml:16:15 environments[2].freezes[0].from: 02:30 does not exist on 2026-03-29 in Europe/Berlin: the clocks go forward then",
    ],
    [
      "an end before its start",
      "2026-12-20T10:00",
      "2026-12-20T09:59",
      "shiproom.yaml:17:13 environments[2].freezes[0].to: must be after from",
    ],
  ])("%s is refused", (_kind, from, to, message) => {
    expect(problems(oneOff(from, to))).toEqual([message]);
  });

  test("a time that happens twice (the clocks go back) is read as the first of the two", () => {
    const result = parsePipeline(oneOff("2026-10-25T02:30", "2026-10-25T03:30"));
    expect(result.ok).toBe(true);
  });
});
