import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { policyInput } from "@/lib/testing/policies";
import { runShiproom } from "@/lib/tooling/shiproom-cli";
import { E2E_PORT } from "../playwright.config";
import { expect, newProject, newToken, test } from "../fixtures";

const shiproom = runShiproom;

test("pipeline as code from a pipeline: export, plan, apply, apply again, and a broken file applies nothing", async ({ as }) => {
  test.setTimeout(90_000);
  const admin = await as("admin");
  const project = await newProject(admin, "gitops-");
  const env = {
    SHIPROOM_URL: `http://localhost:${E2E_PORT}`,
    SHIPROOM_TOKEN: await newToken(admin, project.slug, ["read", "pipeline:write", "audit:read"]),
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-cli-"));
  const file = path.join(dir, "shiproom.yaml");

  const exported = await shiproom(["export", "--project", project.key, "--output", file], env, dir);
  expect(exported.code).toBe(0);
  const original = fs.readFileSync(file, "utf8");
  expect(original).toContain(`project: ${project.slug}`);
  expect((await shiproom(["plan", file], env, dir)).stdout).toContain(`No changes: ${project.slug} already matches`);

  fs.writeFileSync(
    file,
    original.replace(
      /  - name: production\n/,
      `  - name: canary\n    approvals:\n      - role: ops\n        count: 1\n  - name: production\n`,
    ),
  );
  const plan = await shiproom(["plan", file], env, dir);
  expect(plan.code).toBe(0);
  expect(plan.stdout).toContain("+ environment canary (position 3)");

  const applied = await shiproom(["apply", file, "--revision", "abc1234"], env, dir);
  expect(applied.code).toBe(0);
  expect(applied.stdout).toContain("Applied abc1234.");
  const again = await shiproom(["apply", file, "--revision", "abc1234"], env, dir);
  expect(again.stdout).toContain("No changes");
  const environments = (await (await admin.get(`/api/v1/projects/${project.slug}/environments`)).json()) as {
    id: string;
    name: string;
    version: number;
  }[];
  expect(environments.map((e) => e.name)).toEqual(["dev", "staging", "canary", "production"]);

  // Managed as code: the app refuses edits and points at the file.
  const canary = environments.find((e) => e.name === "canary")!;
  const edit = await admin.put(`/api/v1/projects/${project.slug}/environments/${canary.id}/policy`, {
    data: policyInput(canary.version, { approvalRules: [] }),
  });
  expect(edit.status()).toBe(409);
  expect(((await edit.json()) as { detail: string }).detail).toContain("managed as code (shiproom.yaml, revision abc1234)");

  fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("role: ops", "role: opps").replace("count: 1", "count: 0"));
  const broken = await shiproom(["apply", file], env, dir);
  expect(broken.code).toBe(1);
  expect(broken.stderr).toContain("Invalid pipeline (422): shiproom.yaml has 2 problems: nothing was applied.");
  expect(broken.stderr).toMatch(/environments\[2\]\.approvals\[0\]\.role: line \d+, column \d+: unknown role "opps"/);
  expect(broken.stderr).toMatch(/environments\[2\]\.approvals\[0\]\.count: line \d+, column \d+: at least 1/);

  const exportedAgain = await shiproom(["export", "--project", project.slug], env, dir);
  fs.writeFileSync(file, exportedAgain.stdout);
  expect((await shiproom(["plan", file], env, dir)).stdout).toContain("No changes");

  const verify = await shiproom(["audit", "verify"], env, dir);
  expect(verify.code).toBe(0);
  expect(verify.stdout).toMatch(/^The audit trail is intact: \d+ events checked/);
  const trail = await shiproom(["audit", "export", "--action", "pipeline."], env, dir);
  const lines = trail.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { action: string; project: string });
  expect(lines.map((l) => l.action)).toEqual(["pipeline.applied"]);
  expect(lines[0]!.project).toBe(project.slug);

  // A file that weakens a gate is not applied from a pipeline: it waits for an admin.
  fs.writeFileSync(
    file,
    exportedAgain.stdout.replace(/ {2}- name: canary\n {4}approvals:\n {6}- role: ops\n {8}count: 1\n/, "  - name: canary\n"),
  );
  const weaker = await shiproom(["apply", file, "--revision", "def5678"], env, dir);
  expect(weaker.code).toBe(0);
  expect(weaker.stdout).toContain("Not applied: def5678 weakens 1 gate, and only people weaken a gate.");
  expect(weaker.stdout).toContain("  canary: approvals: 1 from ops → none");
  expect(weaker.stdout).toMatch(
    new RegExp(`It waits for an admin, who applies or rejects it: http://\\S+/projects/${project.slug}/policies/changes/[0-9a-f-]{36}`),
  );
  expect((await shiproom(["plan", file], env, dir)).stdout).toContain("~ canary.approvals: 1 from ops → none");
});
