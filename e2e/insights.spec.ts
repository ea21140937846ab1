import { parse } from "csv-parse/sync";
import { DEMO, expect, newToken, signInContext, test, tokenClient } from "./fixtures";

test("a developer reads production's delivery keys, their levels and charts, as a table too, then another period and environment", async ({
  page,
  context,
}) => {
  await signInContext(context, DEMO.dev);
  await page.goto("/projects/checkout-service");
  await page.getByRole("link", { name: "Insights", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();
  await expect(page.getByText("Delivery to production over the last 90 days")).toBeVisible();
  const keys = page.getByRole("region", { name: "DORA's four keys" });
  await expect(keys.getByRole("heading", { level: 2 })).toHaveText([
    "Deployment frequency",
    "Lead time for changes",
    "Change failure rate",
    "Failed deployment recovery time",
  ]);
  // The demo's production has deployments: the chart is there, with its data as a table.
  const chart = page.getByRole("figure", { name: "Deployments per week" });
  await expect(chart).toBeVisible();
  await chart.getByText("Show as a table").click();
  const rows = chart.getByRole("table").getByRole("row");
  await expect(rows.first()).toContainText("Succeeded");
  expect(await rows.count()).toBeGreaterThan(10); // a header and a row per week of 90 days
  await expect(page.getByText(/Levels from DORA, Accelerate State of DevOps Report 2023/)).toBeVisible();
  // Beyond DORA: the demo's releases 8, 14 and 20 of 26 waited 29, 34 and 14 hours on a weekend freeze in these 90 days.
  await expect(page.getByText("Held by a freeze on production")).toBeVisible();
  await expect(page.getByText(/over 3 promotions: median 29 h, 90th percentile 33 h, 3\.2 days in all\./)).toBeVisible();
  // The deployments behind the figures, as CSV, for the period and environment shown.
  const download = page.getByRole("link", { name: /^Download CSV/ });
  await expect(download).toHaveAttribute("href", "/api/v1/projects/checkout-service/metrics/deployments?period=90d&environment=production");
  const exported = await page.request.get((await download.getAttribute("href"))!);
  expect(exported.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(exported.headers()["content-disposition"]).toMatch(
    /^attachment; filename="checkout-service-production-deployments-\d{4}-\d{2}-\d{2}-to-/,
  );
  expect((await exported.text()).split("\n")[0]).toBe(
    "number,version,commitSha,rollback,status,committedAt,registeredAt,requestedAt,decidedAt,succeededAt,failedAt,leadTimeSeconds,approvalWaitSeconds,freezeWaitSeconds,rolledBack",
  );

  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "30 days" }).click();
  await expect(page).toHaveURL(/period=30d/);
  await expect(page.getByRole("figure", { name: "Deployments per day" })).toBeVisible();
  await page.getByRole("navigation", { name: "Environment", exact: true }).getByRole("link", { name: "staging" }).click();
  await expect(page).toHaveURL(/period=30d.*environment=staging/);
  await expect(page.getByText("Delivery to staging over the last 30 days")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Environment", exact: true }).getByRole("link", { name: "staging" })).toHaveAttribute(
    "aria-current",
    "page",
  );

  // Chosen dates, from the page's own form; the environment stays.
  await page.getByLabel("From", { exact: true }).fill("2026-10-01");
  await page.getByLabel("To", { exact: true }).fill("2026-10-31");
  await page.getByRole("button", { name: "Show dates" }).click();
  await expect(page).toHaveURL(/from=2026-10-01&to=2026-10-31/);
  await expect(page.getByText("Delivery to staging from 2026-10-01 to 2026-10-31, against the 31 days before.")).toBeVisible();

  // A field given twice is named, not half read.
  await page.goto("/projects/checkout-service/insights?period=30d&period=365d");
  await expect(page.getByRole("alert").filter({ hasText: "period: give it once" })).toBeVisible();
  // A hand-edited address with an unknown environment says why and keeps what was right: the dates.
  await page.goto("/projects/checkout-service/insights?environment=qa&from=2026-10-01&to=2026-10-31");
  await expect(page.getByRole("alert").filter({ hasText: 'No environment "qa"' })).toContainText(
    "showing production from 2026-10-01 to 2026-10-31 instead",
  );
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("2026-10-01");
  await expect(page.getByLabel("To", { exact: true })).toHaveValue("2026-10-31");
  // A wrong date takes its pair with it; the environment chosen stays.
  await page.goto("/projects/checkout-service/insights?environment=staging&from=2026-10-01&to=2026-02-30");
  await expect(page.getByRole("alert").filter({ hasText: "to: A date, like 2026-09-01" })).toContainText(
    "showing staging over the last 90 days instead",
  );
  await page.goto("/projects/checkout-service/insights?environment=qa");
  await expect(page.getByText("Delivery to production over the last 90 days")).toBeVisible();
});

test("every project's keys and all together, one click from the navigation, each linking to its project's insights", async ({
  page,
  context,
}) => {
  await signInContext(context, DEMO.qa);
  await page.goto("/inbox");
  await page.getByRole("link", { name: "All insights" }).click();
  await expect(page).toHaveURL(/\/insights$/);
  await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();
  await expect(page.getByText(/Delivery to each project's production over the last 90 days/)).toBeVisible();
  await expect(page.getByRole("region", { name: "All projects together" }).getByRole("heading", { level: 2 })).toHaveCount(4);
  const byProject = page.getByRole("region", { name: "By project" });
  const checkout = byProject.getByRole("listitem").filter({ has: page.getByRole("link", { name: "checkout-service" }) });
  await expect(checkout.getByRole("definition")).toHaveCount(4);
  await expect(checkout).toContainText("Deployment frequency");
  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "30 days" }).click();
  await expect(page).toHaveURL(/\/insights\?period=30d/);
  await expect(page.getByText(/over the last 30 days/)).toBeVisible();
  await page.goto("/insights?period=7d&environment=staging");
  await expect(page.getByRole("alert").filter({ hasText: "period: One of 30d, 90d, 365d" })).toContainText(
    "showing staging over the last 90 days instead",
  );
  await page.goto("/insights?environment=nope");
  await expect(page.getByRole("alert").filter({ hasText: 'No project has an environment named "nope"' })).toBeVisible();
  await expect(page.getByText(/Delivery to each project's production over the last 90 days/)).toBeVisible();
  // Filtered by name, as the release board: the rows and the total are the matching projects'.
  await page.getByRole("searchbox", { name: "Filter projects" }).fill("checkout-service");
  await page.getByRole("searchbox", { name: "Filter projects" }).press("Enter");
  await expect(page).toHaveURL(/[?&]q=checkout-service(&|$)/);
  await expect(byProject.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByText(/and to all 1 measured together/)).toBeVisible();
  await page.goto("/insights?q=no-such-project");
  await expect(page.getByText("No project matches “no-such-project”.")).toBeVisible();
  await page.getByRole("link", { name: "Show every project" }).click();
  await byProject.getByRole("link", { name: "checkout-service" }).click();
  await expect(page).toHaveURL(/\/projects\/checkout-service\/insights\?period=90d&environment=production$/);
});

test("a pipeline reads the same metrics over the API; a wrong environment or half a span is named", async ({ as, baseURL }) => {
  const admin = await as("admin");
  const api = await tokenClient(baseURL!, await newToken(admin, "checkout-service", ["read"]));
  const metrics = await api.get("/api/v1/projects/checkout-service/metrics?period=30d");
  expect(metrics.status()).toBe(200);
  const body = await metrics.json();
  expect(body).toMatchObject({ environment: { name: "production" }, bucket: "day", bands: expect.stringContaining("2023") });
  // A day per bucket, from the day the period starts to the day it ends (31 when it starts mid-day).
  const days =
    (Date.parse(body.to.slice(0, 10)) - Date.parse(body.from.slice(0, 10))) / 86_400_000 + (body.to.endsWith("T00:00:00.000Z") ? 0 : 1);
  expect(body.series).toHaveLength(days);
  expect(body.series[0].start).toBe(`${body.from.slice(0, 10)}T00:00:00.000Z`);
  expect(body.deploymentFrequency.deployments).toBeGreaterThan(0);
  // The deployments behind them, as CSV: its successes that are not rollbacks are the deployments counted.
  const exported = await api.get("/api/v1/projects/checkout-service/metrics/deployments?period=30d");
  expect(exported.status()).toBe(200);
  const records = parse(await exported.text(), { columns: true }) as Record<string, string>[];
  expect(records.filter((r) => r.succeededAt !== "" && r.rollback === "no")).toHaveLength(body.deploymentFrequency.deployments);
  for (const [query, field] of [
    ["environment=qa", "environment"],
    ["from=2026-10-01", "to"],
    ["period=7d", "period"],
    ["period=30d&period=90d", "period"],
  ]) {
    const refused = await api.get(`/api/v1/projects/checkout-service/metrics?${query}`);
    expect(refused.status()).toBe(422);
    expect((await refused.json()).errors.map((e: { field: string }) => e.field)).toEqual([field]);
  }

  // Across projects: a token sees its own project only, and "all" is that project; a member sees every project.
  const across = await (await api.get("/api/v1/metrics?period=30d")).json();
  expect(across.projects.map((row: { project: { slug: string } }) => row.project.slug)).toEqual(["checkout-service"]);
  expect(across.all).toMatchObject({ projects: 1, deploymentFrequency: { deployments: body.deploymentFrequency.deployments } });
  expect(across.all.changeFailureRate).toEqual(body.changeFailureRate);
  const everyone = await (await admin.get("/api/v1/metrics?period=30d")).json();
  const slugs = everyone.projects.map((row: { project: { slug: string } }) => row.project.slug);
  expect(slugs).toContain("checkout-service");
  expect(everyone.all.projects).toBe(everyone.projects.filter((row: { environment: string | null }) => row.environment !== null).length);
  expect(everyone.all.deploymentFrequency.deployments).toBeGreaterThanOrEqual(body.deploymentFrequency.deployments);
  const refused = await api.get("/api/v1/metrics?from=2026-10-01");
  expect(refused.status()).toBe(422);
  expect((await refused.json()).errors.map((e: { field: string }) => e.field)).toEqual(["to"]);
  await api.dispose();
});

test("QA reads test health beside delivery: pass rate per run as a chart and a table, flaky and failing cases linking to their history; the API agrees", async ({
  page,
  context,
  as,
  baseURL,
}) => {
  await signInContext(context, DEMO.qa);
  await page.goto("/projects/checkout-service/insights?period=365d");
  const health = page.getByRole("region", { name: "Test health" });
  await expect(health.getByRole("figure", { name: "Pass rate per run, %" })).toBeVisible();
  await health.getByText("Show as a table").click();
  // The demo's CI ran on staging for each of its 26 past releases (and QA on the last two).
  await expect(health.getByRole("table").getByRole("row").filter({ hasText: "staging" })).toHaveCount(28);
  const ranking = (name: string) => health.getByRole("region", { name });
  await expect(ranking("Flaky cases").getByRole("listitem")).toHaveText([/Payment is captured \(API\)\s*flaky on 7 of 26, last/]);
  await expect(ranking("Unstable cases").getByRole("listitem")).toHaveText([
    /Checkout happy path \(UI\)\s*10 flips over 26 releases in staging, last passed/,
  ]);
  await expect(ranking("Slowest automated cases").getByRole("listitem").first()).toContainText("Checkout happy path (UI)");
  const failing = ranking("Failing longest").getByRole("listitem");
  await expect(failing).toHaveText([/Address autocomplete \(UI\)\s*since .* in staging, 3 releases \(newest v1\.2\.5\)/]);
  await failing.getByRole("link").click();
  await expect(page).toHaveURL(/\/projects\/checkout-service\/cases\/CHK-\d+$/);
  await expect(page.getByText("Results across releases")).toBeVisible();

  // A period without runs says so instead of an empty chart.
  await page.goto("/projects/checkout-service/insights?from=2025-01-01&to=2025-01-31");
  await expect(page.getByText("No test run was created in this period")).toBeVisible();
  await expect(page.getByText("No case was flaky in this period.")).toBeVisible();

  // Test health has its own environment, every one by default; delivery's stays as it was.
  await page.goto("/projects/checkout-service/insights?period=365d");
  await page.getByRole("navigation", { name: "Test health environment" }).getByRole("link", { name: "dev", exact: true }).click();
  await expect(page).toHaveURL(/[?&]testsIn=dev(&|$)/);
  await expect(health.getByText(/^Runs created in this period, in dev;/)).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Environment", exact: true }).getByRole("link", { name: "production" }),
  ).toHaveAttribute("aria-current", "page");
  await page.goto("/projects/checkout-service/insights?period=365d&testsIn=qa");
  await expect(health.getByRole("alert")).toHaveText(
    /No environment "qa": dev, staging, production — showing test health in every environment/,
  );

  const admin = await as("admin");
  const api = await tokenClient(baseURL!, await newToken(admin, "checkout-service", ["read"]));
  const body = await (await api.get("/api/v1/projects/checkout-service/test-health?period=365d&environment=staging")).json();
  expect(body.environment).toBe("staging");
  expect(body.flaky.map((c: { title: string; flaky: number }) => [c.title, c.flaky])).toEqual([["Payment is captured (API)", 7]]);
  expect(body.failingLongest[0]).toMatchObject({
    title: "Address autocomplete (UI)",
    releases: 3,
    key: expect.stringMatching(/^CHK-\d+$/),
  });
  const refused = await api.get("/api/v1/projects/checkout-service/test-health?environment=qa");
  expect(refused.status()).toBe(422);
  expect((await refused.json()).errors.map((e: { field: string }) => e.field)).toEqual(["environment"]);
  // Dates outside what a database holds are refused on their fields, not answered with a 500.
  for (const operation of ["test-health", "metrics"]) {
    const outside = await api.get(`/api/v1/projects/checkout-service/${operation}?from=0001-01-01&to=9999-12-31`);
    expect(outside.status()).toBe(422);
    expect((await outside.json()).errors.map((e: { field: string }) => e.field)).toEqual(["from", "to"]);
  }
  await api.dispose();
});

test("a shared link to Insights keeps its view through signing in", async ({ page }) => {
  await page.goto("/projects/checkout-service/insights?period=30d&environment=staging&testsIn=dev");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByLabel("Email").fill(DEMO.ops);
  await page.getByLabel("Password").fill("shiproom");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects\/checkout-service\/insights\?period=30d&environment=staging&testsIn=dev$/);
  await expect(page.getByText("Delivery to staging over the last 30 days")).toBeVisible();
  await expect(page.getByText(/^Runs created in this period, in dev;/)).toBeVisible();
});
