// What a promotion changes, over HTTP: the promotion's and the release's changes, who may read
// them, and the project's repository as the API sets it.
import { productionWaitsOnV2 } from "../changes-scenario";
import { expect, newProject, newToken, test, tokenClient } from "../fixtures";

type Changes = {
  running: { version: string } | null;
  direction: string;
  releases: { total: number; items: { version: string; notes: string | null }[] };
  commits: { state: string; total?: number; items?: { shortSha: string; subject: string; author: string }[]; sha?: string };
  compareUrl: string | null;
  tests: Record<"newlyFailing" | "newlyPassing" | "flaky" | "notRun", { items: { title: string }[] }> & { environment: string | null };
};

test.describe("changes API", () => {
  test("a waiting production promotion's changes: the releases in between, the commits from the repository, the test deltas; the release's the same", async ({
    as,
    anonymous,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const world = await productionWaitsOnV2(as);
    const { slug, admin, repo } = world;
    const response = await admin.get(`/api/v1/promotions/${world.promotion.id}/changes`);
    expect(response.status()).toBe(200);
    const changes = (await response.json()) as Changes;
    expect(changes.running?.version).toBe("v1.0.0");
    expect(changes.direction).toBe("forward");
    expect(changes.releases.items.map((r) => [r.version, r.notes])).toEqual([
      ["v2.0.0", "Faster checkout"],
      ["v1.5.0", "### New\n\n**Card** payments"],
    ]);
    expect(changes.commits).toEqual({
      state: "listed",
      total: 3,
      items: ["Speed up checkout", "Fix rounding in totals", "Add card payments"].map((subject, i) => ({
        sha: repo.shas[3 - i],
        shortSha: repo.shas[3 - i]!.slice(0, 7),
        subject,
        author: "Dana Dev",
        date: "2025-12-03T08:00:00.000Z",
      })),
    });
    const titles = (key: "newlyFailing" | "newlyPassing" | "flaky" | "notRun") => changes.tests[key].items.map((c) => c.title);
    expect(changes.tests.environment).toBe("staging");
    expect([titles("newlyFailing"), titles("newlyPassing"), titles("flaky"), titles("notRun")]).toEqual([
      ["Pay by card"],
      ["Refund an order"],
      [],
      ["Apply a coupon"],
    ]);

    const byRelease = await admin.get(`/api/v1/projects/${slug}/releases/v2.0.0/changes?to=production`);
    expect(await byRelease.json()).toEqual(changes);

    // Who may read: a token of the project with read, not another project's token, not the signed out.
    const own = await tokenClient(baseURL!, await newToken(admin, slug, ["read"]));
    expect((await own.get(`/api/v1/promotions/${world.promotion.id}/changes`)).status()).toBe(200);
    const other = await newProject(admin, "chg-other-");
    const stranger = await tokenClient(baseURL!, await newToken(admin, other.slug, ["read"]));
    expect((await stranger.get(`/api/v1/promotions/${world.promotion.id}/changes`)).status()).toBe(404);
    expect((await stranger.get(`/api/v1/projects/${slug}/releases/v2.0.0/changes?to=production`)).status()).toBe(404);
    expect((await anonymous.get(`/api/v1/promotions/${world.promotion.id}/changes`)).status()).toBe(401);
    await Promise.all([own.dispose(), stranger.dispose()]);
    world.cleanup();
  });

  test("bad input names its field (422): an unknown environment, no environment, a repository the server may not read", async ({ as }) => {
    const admin = await as("admin");
    const dev = await as("dev");
    const { slug } = await newProject(admin, "chg-bad-");
    expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.0.0", commitSha: "abc1234" } })).status()).toBe(201);
    for (const query of ["?to=moon", "", "?to="]) {
      const response = await dev.get(`/api/v1/projects/${slug}/releases/v1.0.0/changes${query}`);
      expect(response.status()).toBe(422);
      expect(((await response.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["to"]);
    }
    expect((await dev.get(`/api/v1/projects/${slug}/releases/v9.9.9/changes?to=staging`)).status()).toBe(404);
    const nothing = (await (await dev.get(`/api/v1/projects/${slug}/releases/v1.0.0/changes?to=staging`)).json()) as Changes;
    expect(nothing.running).toBeNull();
    expect(nothing.commits).toEqual({ state: "no-repository" });

    for (const repository of ["/etc/shiproom", "ext::sh -c id", "file:///etc"]) {
      const refused = await admin.put(`/api/v1/projects/${slug}/repository`, { data: { repository } });
      expect(refused.status()).toBe(422);
      expect(((await refused.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["repository"]);
    }
    expect((await dev.put(`/api/v1/projects/${slug}/repository`, { data: { repository: null } })).status()).toBe(403);
  });
});
