import { DEMO, expect, hydrated, newProject, signInContext, test } from "./fixtures";

test.describe("the audit trail", () => {
  test("an admin filters the trail, verifies it and exports what the filter shows", async ({ page, context, as }) => {
    const dev = await as("dev");
    const { slug } = await newProject(await as("admin"), "audit-");
    await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v7.7.7", commitSha: "abcdef7" } });

    await signInContext(context, DEMO.admin);
    await page.goto("/audit");
    const filters = page.getByRole("form", { name: "Filter the audit trail" });
    // A choice made before React hydrates the form is lost (the draft is React's).
    await hydrated(filters);
    await filters.getByLabel("What").selectOption("release.created");
    await filters.getByLabel("Project").selectOption(slug);
    await filters.getByRole("button", { name: "Filter" }).click();
    const rows = page.locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("registered release v7.7.7");
    await expect(rows.first()).toContainText("Dana Developer");

    await page.getByRole("button", { name: "Verify the trail" }).click();
    await expect(page.getByTestId("verification")).toContainText("Intact:");

    const href = await page.getByRole("link", { name: "CSV" }).getAttribute("href");
    const csv = await (await page.request.get(href!)).text();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe(
      "seq,occurredAt,actorKind,actor,action,text,objectType,objectId,project,reason,before,after,origin,prevHash,hash",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",release.created,registered release v7.7.7,");

    // Shiproom's own actions, under its one name: dev took the release on Dana's registration.
    await filters.getByLabel("Who").selectOption({ label: "Shiproom (its own actions)" });
    await filters.getByLabel("What").selectOption("");
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/actor=shiproom/);
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: "requested promotion #1: v7.7.7 → dev, after a step by Dana Developer" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "cleared the gates of #1: v7.7.7 → dev is approved, after a step by Dana Developer" })).toHaveCount(
      1,
    );
    await expect(rows.filter({ hasText: "Dana Developer" }).first()).toContainText("Shiproom");
  });

  test("the filter works before the page's scripts run, and a choice made meanwhile is kept", async ({ page, context, as }) => {
    const dev = await as("dev");
    const { slug } = await newProject(await as("admin"), "audit-early-");
    await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v8.8.8", commitSha: "abcdef8" } });
    await signInContext(context, DEMO.admin);

    // The page's scripts are held back until let through.
    let letThrough = () => {};
    const held = new Promise<void>((resolve) => (letThrough = resolve));
    const script = (url: URL) => url.pathname.startsWith("/_next/static/chunks/") && url.pathname.endsWith(".js");
    await page.route(script, async (route) => {
      await held;
      await route.continue();
    });

    // Before them, Filter is a plain GET of the page, which the server filters.
    await page.goto("/audit", { waitUntil: "commit" });
    const filters = page.getByRole("form", { name: "Filter the audit trail" });
    await filters.getByLabel("Project").selectOption(slug);
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]project=${slug}(&|$)`));
    await expect(page.locator("tbody tr").filter({ hasText: "registered release v8.8.8" })).toHaveCount(1);

    // A choice made while they load is still there once React has taken the page over.
    await filters.getByLabel("What").selectOption("release.created");
    letThrough();
    await hydrated(filters);
    await expect(filters.getByLabel("What")).toHaveValue("release.created");
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(new RegExp(`\\?action=release\\.created&project=${slug}$`));
    await expect(page.locator("tbody tr")).toHaveCount(1);
  });

  test("times read the same before the page's scripts run as after: relative, not a date that flashes away", async ({
    browser,
    baseURL,
  }) => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
    await signInContext(context, DEMO.dev);
    const page = await context.newPage();
    await page.goto("/audit");
    await expect(page.locator("tbody time").first()).toHaveText(
      /^(just now|\d+ (second|minute|hour|day|week|month|year)s? ago|yesterday|last \w+)$/,
    );
    await context.close();
  });

  test("a developer reads the trail but cannot verify it; the pipeline export is offered on Policies", async ({ page, context }) => {
    await signInContext(context, DEMO.dev);
    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Audit trail" })).toBeVisible();
    await expect(page.locator("tbody tr").first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Verify the trail" })).toHaveCount(0);
    expect((await page.request.get("/api/v1/audit/verify")).status()).toBe(403);

    await page.goto("/projects/checkout-service/policies");
    const yaml = await (
      await page.request.get(
        await page
          .getByRole("link", { name: "Export shiproom.yaml" })
          .getAttribute("href")
          .then((h) => h!),
      )
    ).text();
    expect(yaml).toContain("project: checkout-service");
  });

  test("a pipeline managed as code says so on Policies, with its revision, and cannot be edited there", async ({ page, context, as }) => {
    const admin = await as("admin");
    const { slug } = await newProject(admin, "managed-");
    const exported = await (await admin.get(`/api/v1/projects/${slug}/pipeline`)).text();
    expect(
      (
        await admin.post(`/api/v1/projects/${slug}/pipeline/apply?revision=f00dcafe`, {
          headers: { "content-type": "application/yaml" },
          data: exported,
        })
      ).status(),
    ).toBe(200);
    await signInContext(context, DEMO.admin);
    await page.goto(`/projects/${slug}/policies`);
    await expect(page.getByRole("status").filter({ hasText: "Managed as code" })).toContainText("revision f00dcafe");
    await expect(page.getByRole("form", { name: "production policy" }).getByLabel("Promote automatically")).toBeDisabled();
    page.once("dialog", (confirm) => void confirm.accept());
    await page.getByRole("button", { name: "Stop managing as code" }).click();
    await expect(page.getByText("Managed as code")).toHaveCount(0);
    await expect(page.getByRole("form", { name: "production policy" }).getByLabel("Promote automatically")).toBeEnabled();
  });
});
