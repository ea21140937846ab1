import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import type { ResultStatus } from "@/lib/generated/prisma/enums";
import { ValidationFailed } from "@/lib/http/errors";
import { applyPipeline, InvalidPipeline } from "@/lib/pipeline/mutations";
import { setProjectRepository } from "@/lib/projects/mutations";
import { reportDeployment, requestPromotion } from "@/lib/promotions/mutations";
import { abandonRelease, createRelease } from "@/lib/releases/mutations";
import { createCase } from "@/lib/test-cases/mutations";
import { createRun } from "@/lib/test-runs/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { getPromotionChanges, getReleaseChanges } from "./queries";

setupTestDatabase();

const root = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-changes-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A project whose production takes any release at once (no approvals), and people to act in it. */
async function project() {
  const pipeline = await makePipeline({ production: { approvalRules: [], requirePreviousSuccess: false } });
  const dev = await makeActor(["DEVELOPER"]);
  const ops = await makeActor(["OPS"]);
  const qa = await makeActor(["QA"]);
  const release = (version: string, commitSha: string, notes?: string) => createRelease(dev, pipeline.slug, { version, commitSha, notes });
  /** The release runs in the environment (requested and reported succeeded). */
  const ship = async (version: string, environment: "staging" | "production") => {
    const promotion = await requestPromotion(dev, pipeline.slug, { release: version, environment });
    await reportDeployment(ops, promotion.id, { status: "succeeded" });
  };
  /** A run of every case on staging with these results (by case title), signed off by QA or not. */
  const run = async (version: string, results: Record<string, ResultStatus | "FLAKY">, sign?: "signed" | "voided") => {
    const created = await createRun(qa, pipeline.slug, { release: version, environment: "staging", all: true });
    const rows = await db().testResult.findMany({ where: { runId: created.id }, include: { testCase: true } });
    for (const row of rows) {
      const given = results[row.testCase.title];
      if (given)
        await db().testResult.update({
          where: { id: row.id },
          data: given === "FLAKY" ? { status: "PASSED", flaky: true } : { status: given },
        });
    }
    if (sign) {
      await db().signOff.create({
        data: {
          runId: created.id,
          decision: "SIGNED_OFF",
          comment: "ok",
          memberId: qa.id!,
          ...(sign === "voided" ? { voidedAt: new Date(), voidReason: "redo" } : {}),
        },
      });
    }
    return created;
  };
  return { ...pipeline, dev, ops, qa, release, ship, run };
}

/** A real git repository in a temporary folder, with `count` commits made in one `git fast-import`. */
function repository(count: number) {
  const dir = path.join(root, unique("repo-"));
  const git = (args: string[], input?: string) => execFileSync("git", args, { cwd: dir, input }).toString().trim();
  fs.mkdirSync(dir);
  git(["init", "-q", "-b", "main"]);
  const who = "Dana Dev <dana@example.test> 1764748800 +0000";
  const stream = Array.from({ length: count + 1 }, (_, i) => {
    const message = i === 0 ? "Initial import" : `Change number ${i}`;
    return `commit refs/heads/main\nmark :${i + 1}\nauthor ${who}\ncommitter ${who}\ndata ${Buffer.byteLength(message)}\n${message}\n${i ? `from :${i}\n` : ""}\n`;
  }).join("");
  git(["fast-import", "--quiet"], stream);
  const [base, ...shas] = git(["rev-list", "--reverse", "main"]).split("\n");
  return { dir, base: base!, shas };
}

describe("what a promotion changes", () => {
  test(
    "the releases in between: registered after the running one up to this one, abandoned ones left out; nothing running lists all up to it",
    { timeout: 60_000 },
    async () => {
      const p = await project();
      await p.release("v1.0.0", "aaaa001", "first");
      await p.release("v1.1.0", "aaaa002", "wrong build");
      await abandonRelease(p.dev, p.slug, "v1.1.0", { reason: "wrong build" });
      await p.release("v1.2.0", "aaaa003", "## v1.2.0\n- faster checkout");
      await p.release("v1.3.0", "aaaa004");
      await p.release("v1.4.0", "aaaa005");
      await p.ship("v1.0.0", "production");

      const changes = await getReleaseChanges(p.slug, "v1.3.0", { to: "production" });
      expect(changes.running?.version).toBe("v1.0.0");
      expect(changes.direction).toBe("forward");
      expect(changes.releases.items.map((r) => [r.version, r.notes])).toEqual([
        ["v1.3.0", null],
        ["v1.2.0", "## v1.2.0\n- faster checkout"],
      ]);
      expect(changes.releases.total).toBe(2);
      expect(changes.commits).toEqual({ state: "no-repository" });

      const first = await getReleaseChanges(p.slug, "v1.3.0", { to: "staging" });
      expect(first.running).toBeNull();
      expect(first.releases.items.map((r) => r.version)).toEqual(["v1.3.0", "v1.2.0", "v1.0.0"]);

      // An older release is a rollback: what it takes out is listed.
      await p.ship("v1.3.0", "production");
      const back = await getReleaseChanges(p.slug, "v1.0.0", { to: "production" });
      expect(back.direction).toBe("back");
      expect(back.releases.items.map((r) => r.version)).toEqual(["v1.3.0", "v1.2.0"]);
      expect((await getReleaseChanges(p.slug, "v1.3.0", { to: "production" })).direction).toBe("same");

      // A promotion waiting: the same answer through its id.
      const waiting = await requestPromotion(p.dev, p.slug, { release: "v1.4.0", environment: "production" });
      const byPromotion = await getPromotionChanges(waiting.id);
      expect(byPromotion.releases.items.map((r) => r.version)).toEqual(["v1.4.0"]);
      expect(byPromotion.running?.version).toBe("v1.3.0");

      const wrong = await getReleaseChanges(p.slug, "v1.3.0", { to: "moon" }).catch((error: unknown) => error);
      expect(wrong).toBeInstanceOf(ValidationFailed);
      expect((wrong as ValidationFailed).fieldErrors[0]!.field).toBe("to");
    },
  );

  test("the test evidence: newly failing, newly passing, flaky and not run, from the valid sign-off run of each release on the sign-off environment, else the newest", async () => {
    const p = await project();
    for (const title of ["Pay by card", "Refund", "Apply coupon", "Gift wrap", "Split payment"])
      await createCase(p.admin, p.slug, { title });
    await p.release("v2.0.0", "bbbb001");
    await p.release("v2.1.0", "bbbb002");
    await p.ship("v2.0.0", "production");
    // v2.0.0's signed-off run is the evidence, not its newer run that nobody signed off.
    await p.run("v2.0.0", { "Pay by card": "PASSED", Refund: "FAILED", "Apply coupon": "PASSED", "Gift wrap": "PASSED" }, "signed");
    await p.run("v2.0.0", { "Pay by card": "FAILED" });
    // v2.1.0's only sign-off was voided: its newest run stands for it.
    await p.run(
      "v2.1.0",
      { "Pay by card": "PASSED", Refund: "PASSED", "Apply coupon": "PASSED", "Gift wrap": "PASSED", "Split payment": "PASSED" },
      "voided",
    );
    await p.run("v2.1.0", {
      "Pay by card": "FAILED",
      Refund: "PASSED",
      "Apply coupon": "FLAKY",
      "Gift wrap": "UNTESTED",
      "Split payment": "FAILED",
    });
    await db().environment.update({ where: { id: p.envs.production.id }, data: { signOffEnvironmentId: p.envs.staging.id } });

    const { tests } = await getReleaseChanges(p.slug, "v2.1.0", { to: "production" });
    expect(tests.environment).toBe("staging");
    expect(tests.runningRun?.signedOff).toBe(true);
    expect(tests.candidateRun?.signedOff).toBe(false);
    const titles = (list: { items: { title: string }[] }) => list.items.map((c) => c.title);
    expect(titles(tests.newlyFailing)).toEqual(["Pay by card", "Split payment"]);
    expect(titles(tests.newlyPassing)).toEqual(["Refund"]);
    expect(titles(tests.flaky)).toEqual(["Apply coupon"]);
    expect(titles(tests.notRun)).toEqual(["Gift wrap"]);
    expect(tests.newlyFailing.items[0]!.href).toMatch(new RegExp(`^/projects/${p.slug}/cases/[A-Z0-9]+-1$`));

    // Nothing runs in staging yet: every failure of the release is new.
    const first = await getReleaseChanges(p.slug, "v2.1.0", { to: "staging" });
    expect(first.tests.environment).toBe("dev");
    expect(first.tests.candidateRun).toBeNull();

    // The release that runs there already: the same run on both sides, so nothing changes.
    const same = await getReleaseChanges(p.slug, "v2.0.0", { to: "production" });
    expect(same.direction).toBe("same");
    expect(same.tests.candidateRun).toMatchObject({ signedOff: true });
    expect(same.tests.runningRun).toEqual(same.tests.candidateRun);
    expect(same.tests.newlyFailing.total + same.tests.newlyPassing.total).toBe(0);
  });

  test(
    "the commits between the two releases' SHAs, read from a real local repository: capped, an unknown SHA said, an unreachable repository said",
    { timeout: 60_000 },
    async () => {
      const repo = repository(55);
      const { base, shas } = repo;
      const p = await project();
      await p.release("v3.0.0", base);
      await p.release("v3.1.0", shas[2]!);
      await p.release("v3.2.0", shas[54]!);
      await p.release("v3.3.0", "0123456789abcdef0123456789abcdef01234567");
      await p.ship("v3.0.0", "production");
      // A real repository reads: its branches are counted.
      expect(await setProjectRepository(p.admin, p.slug, { repository: repo.dir })).toEqual({
        repository: repo.dir,
        reach: { readable: true, branches: 1 },
      });

      const small = await getReleaseChanges(p.slug, "v3.1.0", { to: "production" });
      expect(small.commits).toEqual({
        state: "listed",
        total: 3,
        items: [3, 2, 1].map((n, i) => ({
          sha: shas[2 - i],
          shortSha: shas[2 - i]!.slice(0, 7),
          subject: `Change number ${n}`,
          author: "Dana Dev",
          date: "2025-12-03T08:00:00.000Z",
        })),
      });
      expect(small.compareUrl).toBeNull();

      const large = await getReleaseChanges(p.slug, "v3.2.0", { to: "production" });
      expect(
        large.commits.state === "listed" && [large.commits.total, large.commits.items.length, large.commits.items[0]!.subject],
      ).toEqual([55, 50, "Change number 55"]);

      expect((await getReleaseChanges(p.slug, "v3.3.0", { to: "production" })).commits).toEqual({
        state: "unknown-sha",
        sha: "0123456789abcdef0123456789abcdef01234567",
      });

      // The repository gone: what is known already is listed; what needs a fetch says why not.
      fs.rmSync(repo.dir, { recursive: true, force: true });
      expect((await getReleaseChanges(p.slug, "v3.1.0", { to: "production" })).commits.state).toBe("listed");
      const gone = (await getReleaseChanges(p.slug, "v3.3.0", { to: "production" })).commits;
      // In words, not git's: git's own message is the server log's.
      expect(gone).toEqual({ state: "unavailable", reason: "there is no repository at that address (moved or deleted?)" });
    },
  );

  test("a repository outside the allowed local paths, or not a repository, is refused naming the field", async () => {
    const p = await project();
    for (const repository of ["/etc/shiproom-nowhere", "ext::sh -c touch% /tmp/x", "relative/path"]) {
      const refused = await setProjectRepository(p.admin, p.slug, { repository }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ValidationFailed);
      expect((refused as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(["repository"]);
    }
    // Saved though no host of that name exists (RFC 2606's .invalid); whoever named it is told so at once.
    expect(await setProjectRepository(p.admin, p.slug, { repository: "https://git.invalid/acme/checkout.git" })).toEqual({
      repository: "https://git.invalid/acme/checkout.git",
      reach: { readable: false, problem: "the server could not reach it" },
    });
    expect(await setProjectRepository(p.admin, p.slug, { repository: "" })).toEqual({ repository: null, reach: null });
  });

  test("shiproom.yaml names the repository: apply sets it, the deploy targets' reach rules hold, a file without one keeps it", async () => {
    const p = await project();
    const file = (repository?: string) =>
      `version: 1\nproject: ${p.slug}\n${repository ? `repository: ${repository}\n` : ""}environments:\n  - name: dev\n    autoPromote: true\n    requirePreviousSuccess: false\n  - name: staging\n  - name: production\n    requirePreviousSuccess: false\n`;
    const repository = path.join(root, unique("app-"));
    await applyPipeline(p.admin, p.slug, file(repository));
    expect((await db().project.findUniqueOrThrow({ where: { id: p.projectId } })).repository).toBe(repository);
    await applyPipeline(p.admin, p.slug, file());
    expect((await db().project.findUniqueOrThrow({ where: { id: p.projectId } })).repository).toBe(repository);
    const refused = await applyPipeline(p.admin, p.slug, file("/etc/elsewhere")).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidPipeline);
    expect((refused as InvalidPipeline).fieldErrors.map((e) => e.field)).toEqual(["repository"]);
  });
});
