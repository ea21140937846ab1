// JUnit evidence over HTTP, as CI sends it: the handed reports of 2026-11-30, refusals that store
// nothing, bounded uploads, and one import summary in the API's answer, the run and the CLI.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { ROOT } from "@/lib/tooling/processes";
import { runShiproom } from "@/lib/tooling/shiproom-cli";
import { E2E_PORT } from "../playwright.config";
import { expect, newProject, newToken, test, tokenClient } from "../fixtures";

const HANDED = path.join(ROOT, "lib/junit/fixtures/handed");
const handed = (name: string) => fs.readFileSync(path.join(HANDED, name), "utf8");
const url = `http://localhost:${E2E_PORT}`;

type Summary = {
  tests: number;
  warnings: { code: string; count: number; message: string }[];
  run: { id: string; number: number };
} & Record<string, unknown>;

/** A project with a release, and a pipeline's token for it. */
async function pipeline(as: (role: "admin" | "dev") => Promise<APIRequestContext>) {
  const admin = await as("admin");
  const project = await newProject(admin, "evidence-");
  const secret = await newToken(admin, project.slug, ["read", "releases:write", "results:write"]);
  const ci = await tokenClient(url, secret);
  expect((await ci.post(`/api/v1/projects/${project.slug}/releases`, { data: { version: "v1.0.0", commitSha: "abcdef1" } })).status()).toBe(
    201,
  );
  const upload = (body: string | Buffer, fileName = "junit.xml", environment = "staging") =>
    ci.post(`/api/v1/projects/${project.slug}/results?release=v1.0.0&environment=${environment}`, {
      headers: { "content-type": "application/xml", "x-file-name": fileName },
      data: typeof body === "string" ? Buffer.from(body) : body,
    });
  return { admin, project, secret, ci, upload };
}

test.describe("JUnit evidence over HTTP", () => {
  test("the handed reports are imported with the right values, never a 500, and the run keeps the same summary", async ({ as }) => {
    const { ci, upload, project } = await pipeline(as);
    const expected: Record<string, Record<string, unknown>> = {
      "time-decimal-comma.xml": { tests: 2, passed: 2, warnings: [] },
      "rerun-in-one-report.xml": { tests: 2, passed: 2, failed: 0, flaky: 1 },
      "suite-level-error.xml": { tests: 2, passed: 1, errors: 1 },
      "failure-then-skipped.xml": { tests: 1, failed: 1, skipped: 0 },
      "time-is-a-timestamp.xml": { tests: 1, failed: 1, warnings: [{ code: "duration-dropped", count: 1 }] },
      "case-property-unknown.xml": { tests: 3, warnings: [{ code: "unknown-case", count: 3 }] },
    };
    for (const [file, values] of Object.entries(expected)) {
      const answer = await upload(handed(file), file);
      expect(answer.status(), file).toBe(200);
      expect(await answer.json(), file).toMatchObject(values);
    }
    const runs = (await (await ci.get(`/api/v1/projects/${project.slug}/runs`)).json()) as { id: string }[];
    expect(runs).toHaveLength(1);
    const run = (await (await ci.get(`/api/v1/runs/${runs[0]!.id}`)).json()) as {
      imports: { fileName: string; summary: object }[];
      results: { title: string; status: string; flaky: boolean; durationMs: number | null }[];
    };
    // What each answer said is what the run shows for that file.
    for (const [file, values] of Object.entries(expected))
      expect(run.imports.find((i) => i.fileName === file)?.summary, file).toMatchObject(values);
    expect(run.results.find((r) => r.title === "Parses amount")).toMatchObject({ durationMs: 160 });
    expect(run.results.find((r) => r.title === "Checkout timeout")).toMatchObject({ status: "PASSED", flaky: true, durationMs: 1190 });
    expect(run.results.find((r) => r.title === "Suite set-up")).toMatchObject({ status: "FAILED" });
    expect(run.results.find((r) => r.title === "Renders template")).toMatchObject({ status: "FAILED", durationMs: null });
  });

  test("a refused upload answers 422 or 413 and stores nothing: no run, no run.created", async ({ as }) => {
    test.setTimeout(120_000);
    const { ci, upload, project, admin } = await pipeline(as);
    const refusals: [string, string | Buffer, number][] = [
      ["a DOCTYPE", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuites/>`, 422],
      ["an empty body", Buffer.alloc(0), 422],
      ["a 200 MB body", Buffer.alloc(200 * 1024 * 1024, 32), 413],
    ];
    for (const [what, body, status] of refusals) {
      const answer = await upload(body);
      expect(answer.status(), what).toBe(status);
      expect(answer.headers()["content-type"], what).toContain("application/problem+json");
      expect(((await answer.json()) as { errors: { field: string }[] }).errors[0], what).toMatchObject({ field: "file" });
    }
    expect(await (await ci.get(`/api/v1/projects/${project.slug}/runs`)).json()).toEqual([]);
    const audit = (await (await admin.get(`/api/v1/audit?project=${project.slug}&action=run.created`)).json()) as { events: unknown[] };
    expect(audit.events).toEqual([]);
  });

  test("uploads are bounded in memory: deep nesting, many or long attributes are refused, saying where", async ({ as }) => {
    const { upload } = await pipeline(as);
    const cases: [string, string, RegExp][] = [
      ["1,000,000 nested elements", `<testsuites>\n${"<suite>".repeat(1_000_000)}`, /nested more than 64 deep at line 2/],
      [
        "257 attributes",
        `<testsuite name="s">\n<testcase ${Array.from({ length: 257 }, (_, i) => `a${i}="x"`).join(" ")}/></testsuite>`,
        /more than 256 attributes/,
      ],
      [
        "a 45 MB attribute",
        `<testsuites><testsuite name="${"x".repeat(45 * 1024 * 1024)}"/></testsuites>`,
        /attribute is longer than 65,536 characters/,
      ],
    ];
    for (const [what, body, message] of cases) {
      const answer = await upload(body);
      expect(answer.status(), what).toBe(422);
      const problem = (await answer.json()) as { detail: string; errors: { field: string; line?: number; column?: number }[] };
      expect(problem.detail, what).toMatch(message);
      expect(problem.errors[0], what).toMatchObject({ field: "file", line: expect.any(Number), column: expect.any(Number) });
    }
  });

  test("the CLI prints each file's summary, the total across files and the warnings, the same as the API", async ({ as }) => {
    const { project, secret, ci } = await pipeline(as);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evidence-"));
    // The same test in two files of one upload: the second is a retry.
    fs.writeFileSync(path.join(dir, "shard.xml"), handed("time-is-a-timestamp.xml"));
    fs.writeFileSync(
      path.join(dir, "retry.xml"),
      handed("time-is-a-timestamp.xml")
        .replace(/<failure[\s\S]*<\/failure>/, "")
        .replace(' time="1,515,069,223.854"', ' time="0,412"'),
    );
    const cli = await runShiproom(
      [
        "results",
        "upload",
        "--project",
        project.slug,
        "--release",
        "v1.0.0",
        "--env",
        "staging",
        path.join(dir, "shard.xml"),
        path.join(dir, "retry.xml"),
      ],
      { SHIPROOM_URL: url, SHIPROOM_TOKEN: secret },
    );
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    expect(cli.stdout.split("\n").slice(0, 5)).toEqual([
      "shard.xml: 1 test — 0 passed, 1 failed, 0 errors, 0 skipped, 0 flaky; 0 cases matched, 1 created",
      '  warning: 1 duration dropped, stored without a duration: Engine.rendersTemplate: time="1,515,069,223.854" is 24 hours or more',
      "retry.xml: 1 test — 1 passed, 0 failed, 0 errors, 0 skipped, 1 flaky; 1 case matched, 0 created",
      "All 2 files: 1 test — 1 passed, 0 failed, 0 errors, 0 skipped, 1 flaky; 0 cases matched, 1 created",
      "  warning: 1 duration dropped, stored without a duration",
    ]);
    const runs = (await (await ci.get(`/api/v1/projects/${project.slug}/runs`)).json()) as { id: string }[];
    const run = (await (await ci.get(`/api/v1/runs/${runs[0]!.id}`)).json()) as {
      imports: { fileName: string; summary: Summary; upload: Summary | null }[];
    };
    // The run page's total beside the upload's latest file is the CLI's.
    expect(
      run.imports.map((i) => [i.fileName, i.summary.tests, i.summary.flaky, i.upload?.tests ?? null, i.upload?.flaky ?? null]),
    ).toEqual([
      ["retry.xml", 1, 1, 1, 1],
      ["shard.xml", 1, 0, null, null],
    ]);
  });
});
