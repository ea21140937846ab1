import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { updateEnvironmentPolicy } from "@/lib/environments/mutations";
import { listEnvironmentPolicies } from "@/lib/environments/queries";
import { approvePromotion, reportDeployment, requestPromotion } from "@/lib/promotions/mutations";
import { deployHookDelivered, deployHookUndeliverable } from "@/lib/promotions/workflow";
import { createRelease } from "@/lib/releases/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { policyInput } from "@/lib/testing/policies";
import { deliverDue } from "@/lib/webhooks/dispatcher";
import { commitAndPush } from "./git";

setupTestDatabase();
const execFileAsync = promisify(execFile);

const root = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-gitops-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const git = (args: string[], cwd = root) =>
  execFileSync("git", ["-c", "user.name=Someone", "-c", "user.email=someone@example.test", ...args], { cwd })
    .toString()
    .trim();

function bareRepository(): string {
  const dir = path.join(root, `${unique("env-")}.git`);
  git(["init", "-q", "--bare", "-b", "main", dir]);
  return dir;
}

async function drain() {
  for (let i = 0; i < 300; i++) {
    await deliverDue({ deployHookDelivered, deployHookUndeliverable });
    if ((await db().webhookDelivery.count({ where: { status: "PENDING" } })) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("deliveries still pending");
}

/** A project whose production deploys by committing to `repository` (2 ops approvals, no sign-off). */
async function gitPipeline(repository: string) {
  const pipeline = await makePipeline({ staging: { approvalRules: [] }, production: { approvalRules: [{ role: "OPS", minCount: 2 }] } });
  const admin = await makeActor(["ADMIN"]);
  const production = (await listEnvironmentPolicies(pipeline.slug)).find((p) => p.name === "production")!;
  await updateEnvironmentPolicy(
    admin,
    pipeline.slug,
    production.id,
    policyInput(production.version, {
      approvalRules: [{ role: "OPS", minCount: 2 }],
      deployTarget: "GIT",
      deployGit: { repository, branch: "main", path: "deploy/{project}/{environment}.yaml" },
    }),
  );
  const dev = await makeActor(["DEVELOPER"]);
  const ops = [await makeActor(["OPS"]), await makeActor(["OPS"])] as const;
  /** Registers a release and brings it through dev and staging (both manual, reported by ops). */
  const shipToStaging = async (version: string) => {
    await createRelease(dev, pipeline.slug, { version, commitSha: `${version.replace(/\D/g, "").padEnd(7, "0")}abc` });
    const inDev = await db().deployment.findFirstOrThrow({
      where: { release: { version, projectId: pipeline.projectId }, environment: { name: "dev" } },
    });
    await reportDeployment(ops[0], inDev.id, { status: "succeeded" });
    const staging = await requestPromotion(dev, pipeline.slug, { release: version, environment: "staging" });
    await reportDeployment(ops[0], staging.id, { status: "succeeded" });
  };
  return { ...pipeline, dev, ops, shipToStaging };
}

describe("the git deploy target", () => {
  test("an approved promotion is one commit of the state file, with trailers naming its approvers; then it is deploying", async () => {
    const repository = bareRepository();
    const p = await gitPipeline(repository);
    await p.shipToStaging("v1.4.0");
    const promotion = await requestPromotion(p.dev, p.slug, { release: "v1.4.0", environment: "production" });
    await approvePromotion(p.ops[0], promotion.id, { comment: "looks good" });
    expect(await db().webhookDelivery.count({ where: { deploymentId: promotion.id } })).toBe(0); // nothing before the last approval
    await approvePromotion(p.ops[1], promotion.id, {});
    await drain();

    const message = git(["--git-dir", repository, "log", "-1", "--format=%B", "main"]);
    expect(message.split("\n")[0]).toBe(`Deploy v1.4.0 to production (${p.slug} #${promotion.number})`);
    expect(message).toContain(`Shiproom-Promotion: ${promotion.id}`);
    const trailers = git(["--git-dir", repository, "log", "-1", "--format=%(trailers:key=Approved-by,valueonly)", "main"]);
    expect(trailers.split("\n").filter(Boolean)).toHaveLength(2);
    const state = git(["--git-dir", repository, "show", `main:deploy/${p.slug}/production.yaml`]);
    expect(state).toContain("version: v1.4.0");
    expect(state).toContain(`id: ${promotion.id}`);

    const deployment = await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } });
    expect(deployment.status).toBe("DEPLOYING");
    const sha = git(["--git-dir", repository, "rev-parse", "main"]);
    expect(deployment.statusMessage).toBe(`committed ${sha.slice(0, 12)} to ${repository}`);
    await reportDeployment(p.ops[0], promotion.id, { status: "succeeded" });
  });

  test("a rollback is a commit too, with its reason", async () => {
    const repository = bareRepository();
    const p = await gitPipeline(repository);
    for (const version of ["v1.0.0", "v2.0.0"]) {
      await p.shipToStaging(version);
      const promotion = await requestPromotion(p.dev, p.slug, { release: version, environment: "production" });
      await approvePromotion(p.ops[0], promotion.id, {});
      await approvePromotion(p.ops[1], promotion.id, {});
      await drain();
      await reportDeployment(p.ops[0], promotion.id, { status: "succeeded" });
    }
    const rollback = await requestPromotion(p.ops[0], p.slug, {
      release: "v1.0.0",
      environment: "production",
      rollback: true,
      reason: "error rate doubled",
    });
    await drain();
    const log = git(["--git-dir", repository, "log", "--format=%s", "main"]).split("\n");
    expect(log[0]).toBe(`Roll back production to v1.0.0 (${p.slug} #${rollback.number})`);
    expect(log).toHaveLength(3);
    expect(git(["--git-dir", repository, "log", "-1", "--format=%(trailers:key=Rollback-Reason,valueonly)", "main"])).toBe(
      "error rate doubled",
    );
    expect(git(["--git-dir", repository, "show", `main:deploy/${p.slug}/production.yaml`])).toContain("version: v1.0.0");
  });

  test("concurrent commits, and another writer pushing meanwhile, never lose a commit", async () => {
    const repository = bareRepository();
    const other = path.join(root, unique("other-"));
    git(["clone", "-q", repository, other]);
    git(["commit", "-q", "--allow-empty", "-m", "start"], other);
    git(["push", "-q", "origin", "HEAD:main"], other);
    let running = true;
    let theirs = 0;
    const run = (args: string[]) =>
      execFileAsync("git", ["-c", "user.name=Someone", "-c", "user.email=someone@example.test", ...args], { cwd: other });
    // The other writer goes on until it has landed at least one commit (our retries may win every race meanwhile).
    const writer = (async () => {
      while (running || theirs === 0) {
        try {
          await run(["pull", "-q", "--rebase", "origin", "main"]);
          await run(["commit", "-q", "--allow-empty", "-m", `theirs ${theirs + 1}`]);
          await run(["push", "-q", "origin", "HEAD:main"]);
          theirs++;
        } catch {
          // Lost the race: pull and try again.
        }
        // A pause between its pushes: a writer pushing back to back on a loaded machine starved our
        // retries for longer than a test may take, without testing anything more.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const ours = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        commitAndPush({ repository, branch: "main" }, { path: `envs/e${i}.yaml`, content: `n: ${i}\n`, message: `ours ${i}` }),
      ),
    );
    running = false;
    await writer;
    // The other writer lands what it still holds, then both sides agree on every commit.
    for (let landed = false; !landed;) {
      await run(["pull", "-q", "--rebase", "origin", "main"]);
      landed = await run(["push", "-q", "origin", "HEAD:main"]).then(
        () => true,
        () => false,
      );
    }
    const subjects = git(["--git-dir", repository, "log", "--format=%s", "main"]).split("\n");
    for (let i = 0; i < 6; i++) expect(subjects).toContain(`ours ${i}`);
    expect(theirs).toBeGreaterThan(0);
    expect(subjects.filter((s) => s.startsWith("theirs")).sort()).toEqual(
      git(["log", "--format=%s", "--grep=^theirs"], other).split("\n").sort(),
    );
    expect(new Set(ours).size).toBe(6);
    for (let i = 0; i < 6; i++) expect(git(["--git-dir", repository, "show", `main:envs/e${i}.yaml`])).toBe(`n: ${i}`);
    // Dozens of git processes: on a busy CI machine this alone has taken 30 s.
  }, 120_000);

  test("a repository that cannot be reached fails the deployment after the last attempt, saying why", async () => {
    const p = await gitPipeline(path.join(root, "does-not-exist.git"));
    await p.shipToStaging("v3.0.0");
    const promotion = await requestPromotion(p.dev, p.slug, { release: "v3.0.0", environment: "production" });
    await approvePromotion(p.ops[0], promotion.id, {});
    await approvePromotion(p.ops[1], promotion.id, {});
    await drain();
    const deployment = await db().deployment.findUniqueOrThrow({ where: { id: promotion.id } });
    expect(deployment.status).toBe("FAILED");
    // git's own words name paths and hosts: only the delivery log (admins) shows them.
    expect(deployment.statusMessage).toBe("the git commit could not be pushed after 3 attempts (admins see why in the delivery log)");
    const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { deploymentId: promotion.id } });
    expect(delivery.lastError).toMatch(/^git fetch: .*does-not-exist\.git/);
  });
});
