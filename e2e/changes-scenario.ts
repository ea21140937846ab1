// A project whose production runs v1.0.0 and where v2.0.0 waits to enter it, with a real git
// repository (made here, under the temporary folder the server allows) and QA's runs on staging.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, newProject, promotionIn, type DemoRole } from "./fixtures";

const SUBJECTS = ["Initial import", "Add card payments", "Fix rounding in totals", "Speed up checkout"];

/** A repository with SUBJECTS as its commits, oldest first; their SHAs in that order. */
export function gitRepository(): { dir: string; shas: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-e2e-repo-"));
  const git = (args: string[], input?: string) => execFileSync("git", args, { cwd: dir, input }).toString().trim();
  git(["init", "-q", "-b", "main"]);
  const who = "Dana Dev <dana@example.test> 1764748800 +0000";
  git(
    ["fast-import", "--quiet"],
    SUBJECTS.map(
      (message, i) =>
        `commit refs/heads/main\nmark :${i + 1}\nauthor ${who}\ncommitter ${who}\ndata ${message.length}\n${message}\n${i ? `from :${i}\n` : ""}\n`,
    ).join(""),
  );
  return { dir, shas: git(["rev-list", "--reverse", "main"]).split("\n") };
}

const json = async <T>(response: { json(): Promise<unknown>; status(): number }, status = 200): Promise<T> => {
  expect(response.status()).toBe(status);
  return (await response.json()) as T;
};

export async function productionWaitsOnV2(as: (role: DemoRole) => Promise<APIRequestContext>) {
  const [admin, dev, ops, qa] = [await as("admin"), await as("dev"), await as("ops"), await as("qa")];
  const project = await newProject(admin, "chg-");
  const slug = project.slug;
  const repo = gitRepository();
  await json(await admin.put(`/api/v1/projects/${slug}/repository`, { data: { repository: repo.dir } }));
  for (const title of ["Pay by card", "Refund an order", "Apply a coupon"])
    await json(await admin.post(`/api/v1/projects/${slug}/cases`, { data: { title } }), 201);

  const register = async (version: string, commitSha: string, notes?: string) =>
    json(await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version, commitSha, notes } }), 201);
  /** Dev deploys each release on its own: ops report it. */
  const inDev = async () =>
    json(await ops.post(`/api/v1/promotions/${await promotionIn(dev, slug, "dev")}/report`, { data: { status: "succeeded" } }));
  const toStaging = async (version: string) => {
    const staging = await json<{ id: string }>(
      await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: version, environment: "staging" } }),
      201,
    );
    await json(await ops.post(`/api/v1/promotions/${staging.id}/report`, { data: { status: "succeeded" } }));
  };
  /** QA's run of every case on staging, with these results by title; signed off (waiving failures) or not. */
  const run = async (version: string, results: Record<string, string>, signOff: boolean) => {
    const { id } = await json<{ id: string }>(
      await qa.post(`/api/v1/projects/${slug}/runs`, { data: { release: version, environment: "staging", all: true } }),
      201,
    );
    const detail = await json<{ results: { id: string; title: string }[] }>(await qa.get(`/api/v1/runs/${id}`));
    for (const result of detail.results)
      if (results[result.title])
        await json(await qa.put(`/api/v1/runs/${id}/results/${result.id}`, { data: { status: results[result.title] } }));
    if (signOff) {
      const waivers = detail.results.filter((r) => results[r.title] === "FAILED").map((r) => ({ resultId: r.id, reason: "known issue" }));
      await json(await qa.post(`/api/v1/runs/${id}/sign-off`, { data: { decision: "SIGNED_OFF", comment: "Good to go", waivers } }));
    }
  };

  await register("v1.0.0", repo.shas[0]!, "First release");
  await inDev();
  await toStaging("v1.0.0");
  await run("v1.0.0", { "Pay by card": "PASSED", "Refund an order": "FAILED", "Apply a coupon": "PASSED" }, true);
  const first = await json<{ id: string }>(
    await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v1.0.0", environment: "production" } }),
    201,
  );
  await json(await ops.post(`/api/v1/promotions/${first.id}/approve`, { data: {} }));
  await json(await ops.post(`/api/v1/promotions/${first.id}/report`, { data: { status: "succeeded" } }));

  await register("v1.1.0", repo.shas[1]!);
  await json(await dev.post(`/api/v1/projects/${slug}/releases/v1.1.0/abandon`, { data: { reason: "wrong branch" } }));
  await register("v1.5.0", repo.shas[2]!, "### New\n\n**Card** payments");
  await inDev();
  await register("v2.0.0", repo.shas[3]!, "Faster checkout");
  await inDev();
  await toStaging("v2.0.0");
  await run("v2.0.0", { "Pay by card": "FAILED", "Refund an order": "PASSED" }, false);
  const waiting = await json<{ id: string; number: number; status: string }>(
    await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v2.0.0", environment: "production" } }),
    201,
  );
  expect(waiting.status).toBe("AWAITING_GATES");
  return { slug, key: project.key, admin, promotion: waiting, repo, cleanup: () => fs.rmSync(repo.dir, { recursive: true, force: true }) };
}
