// What a page shows is in its address: a reload, Back and a shared link keep a run's status tab,
// the case library's search and filters and the audit trail's filters; a wrong value in the
// address is left out; a signed-out visitor keeps the query through signing in.
import type { APIRequestContext, Page } from "@playwright/test";
import { DEMO, expect, hydrated, newProject, PASSWORD, signInContext, test } from "./fixtures";

/** A project with three cases, each by title: two on logging in (one high, one low), one high on checkout. */
async function library(admin: APIRequestContext, qa: APIRequestContext) {
  const project = await newProject(admin, "url-");
  const cases: Record<string, string> = {};
  for (const [title, priority] of [
    ["Login works with a password", "HIGH"],
    ["Login refuses a wrong password", "LOW"],
    ["Checkout takes a card", "HIGH"],
  ] as const) {
    const response = await qa.post(`/api/v1/projects/${project.slug}/cases`, { data: { title, priority, tags: ["smoke"] } });
    expect(response.status()).toBe(201);
    cases[title] = ((await response.json()) as { key: string }).key;
  }
  return { ...project, cases };
}

const caseRows = (page: Page) => page.getByRole("table").locator("tbody tr");

test("a run's status tab is in the address: reload, Back and a shared link keep it, an unknown status shows all", async ({
  page,
  context,
  as,
}) => {
  const [admin, qa, dev] = [await as("admin"), await as("qa"), await as("dev")];
  const { slug } = await library(admin, qa);
  await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.0.0", commitSha: "abcdef1" } });
  const run = (await (
    await qa.post(`/api/v1/projects/${slug}/runs`, { data: { release: "v1.0.0", environment: "staging", tags: ["smoke"] } })
  ).json()) as { id: string };
  const { results } = (await (await qa.get(`/api/v1/runs/${run.id}`)).json()) as { results: { id: string; caseKey: string }[] };
  await qa.put(`/api/v1/runs/${run.id}/results/${results[0]!.id}`, { data: { status: "PASSED" } });
  await qa.put(`/api/v1/runs/${run.id}/results/${results[1]!.id}`, { data: { status: "FAILED", note: "broken" } });
  const address = `/projects/${slug}/runs/${run.id}`;

  await signInContext(context, DEMO.qa);
  await page.goto(address);
  const tabs = page.getByRole("group", { name: "Show results" });
  const shown = page.locator("tbody tr[data-testid^='result-']");
  await expect(shown).toHaveCount(3);
  await hydrated(tabs.getByRole("button", { name: /^failed \d/ }));
  await tabs.getByRole("button", { name: /^failed \d/ }).click();
  await expect(page).toHaveURL(`${address}?status=failed`);
  await expect(shown).toHaveCount(1);
  await expect(page.getByTestId(`result-${results[1]!.caseKey}`)).toBeVisible();

  await page.reload();
  await expect(tabs.getByRole("button", { name: /^failed \d/ })).toHaveAttribute("aria-pressed", "true");
  await expect(shown).toHaveCount(1);

  await hydrated(tabs.getByRole("button", { name: /^passed \d/ }));
  await tabs.getByRole("button", { name: /^passed \d/ }).click();
  await expect(page).toHaveURL(`${address}?status=passed`);
  await expect(page.getByTestId(`result-${results[0]!.caseKey}`)).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(`${address}?status=failed`);
  await expect(tabs.getByRole("button", { name: /^failed \d/ })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId(`result-${results[1]!.caseKey}`)).toBeVisible();
  await expect(shown).toHaveCount(1);
  await page.goBack();
  await expect(page).toHaveURL(address);
  await expect(tabs.getByRole("button", { name: /^All \d/ })).toHaveAttribute("aria-pressed", "true");
  await expect(shown).toHaveCount(3);

  // A shared link shows the same tab; one whose status is not one shows them all.
  const shared = await context.newPage();
  await shared.goto(`${address}?status=FAILED`);
  await expect(shared.getByRole("group", { name: "Show results" }).getByRole("button", { name: /^failed \d/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(shared.locator("tbody tr[data-testid^='result-']")).toHaveCount(1);
  await shared.goto(`${address}?status=bogus`);
  await expect(shared.getByRole("group", { name: "Show results" }).getByRole("button", { name: /^All \d/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(shared.locator("tbody tr[data-testid^='result-']")).toHaveCount(3);
});

test("the case library's search and filters are in the address: typing is one step, a choice another, Back undoes each", async ({
  page,
  context,
  as,
}) => {
  const { slug, cases } = await library(await as("admin"), await as("qa"));
  const address = `/projects/${slug}/cases`;
  await signInContext(context, DEMO.qa);
  await page.goto(address);
  await expect(caseRows(page)).toHaveCount(3);

  // Typed in two goes with a pause between, the search is one entry of the history; a choice adds another.
  const entries = () => page.evaluate(() => window.history.length);
  const before = await entries();
  const search = page.getByLabel("Search cases");
  await hydrated(search);
  await search.pressSequentially("log", { delay: 50 });
  await expect(page).toHaveURL(`${address}?q=log`);
  await search.pressSequentially("in", { delay: 50 });
  await expect(page).toHaveURL(`${address}?q=login`);
  await expect(caseRows(page)).toHaveCount(2);
  expect(await entries()).toBe(before + 1);
  await page.getByLabel("Priority").selectOption("HIGH");
  await expect(page).toHaveURL(`${address}?q=login&priority=HIGH`);
  await expect(caseRows(page)).toHaveCount(1);
  expect(await entries()).toBe(before + 2);
  await expect(caseRows(page)).toContainText(cases["Login works with a password"]!);

  await page.reload();
  await expect(search).toHaveValue("login");
  await expect(page.getByLabel("Priority")).toHaveValue("HIGH");
  await expect(caseRows(page)).toHaveCount(1);

  await page.goBack();
  await expect(page).toHaveURL(`${address}?q=login`);
  await expect(search).toHaveValue("login");
  await expect(page.getByLabel("Priority")).toHaveValue("");
  await expect(caseRows(page)).toHaveCount(2);
  // Back once more leaves the typing: the library as it was before the search.
  await hydrated(search);
  await page.goBack();
  await expect(page).toHaveURL(address);
  await expect(search).toHaveValue("");
  await expect(caseRows(page)).toHaveCount(3);
  await page.goForward();
  await page.goForward();
  await expect(page.getByLabel("Priority")).toHaveValue("HIGH");
  await expect(caseRows(page)).toHaveCount(1);

  // A shared link shows the same cases; what is wrong in one is left out, the rest kept.
  const shared = await context.newPage();
  await shared.goto(`${address}?q=login&priority=HIGH`);
  await expect(shared.getByLabel("Search cases")).toHaveValue("login");
  await expect(shared.getByLabel("Priority")).toHaveValue("HIGH");
  await expect(caseRows(shared)).toHaveCount(1);
  await shared.goto(`${address}?q=login&priority=zzz&page=-1&kind=robot&suite=nope`);
  await expect(shared.getByLabel("Search cases")).toHaveValue("login");
  await expect(shared.getByLabel("Priority")).toHaveValue("");
  await expect(shared.getByLabel("Execution")).toHaveValue("");
  await expect(caseRows(shared)).toHaveCount(2);
});

test("the audit trail's filters are in the address: reload, Back and a shared link keep them, what is wrong is left out", async ({
  page,
  context,
  as,
}) => {
  const { slug } = await newProject(await as("admin"), "url-audit-");
  await (await as("dev")).post(`/api/v1/projects/${slug}/releases`, { data: { version: "v2.0.0", commitSha: "abcdef2" } });
  await signInContext(context, DEMO.admin);
  await page.goto("/audit");
  const filters = page.getByRole("form", { name: "Filter the audit trail" });
  const rows = page.locator("tbody tr[data-testid^='audit-']");
  await hydrated(filters);
  // A choice made while the page is still starting can be lost (CI saw it once, 2026-12-02):
  // choose again until the address takes it; what the test checks is what follows.
  await expect(async () => {
    await filters.getByLabel("Project").selectOption(slug);
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(`/audit?project=${slug}`, { timeout: 2000 });
  }).toPass();
  await expect(rows.filter({ hasText: "registered release v2.0.0" })).toHaveCount(1);
  // The project's rows, counted once the filtered list is in: right after the address changes the
  // table still shows the unfiltered list (this test's release on top of it), then nothing while
  // the filtered one loads — a count taken then read 0 once (CI, 2026-12-03). Every other spec's
  // project (name = slug) is in the unfiltered list.
  let all = 0;
  await expect(async () => {
    expect(await rows.filter({ hasNotText: slug }).count()).toBe(0);
    all = await rows.count();
    expect(all).toBeGreaterThan(1);
  }).toPass();
  await filters.getByLabel("What").selectOption("release.created");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(`/audit?action=release.created&project=${slug}`);
  await expect(rows).toHaveCount(1);

  await page.reload();
  await expect(filters.getByLabel("What")).toHaveValue("release.created");
  await expect(filters.getByLabel("Project")).toHaveValue(slug);
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole("link", { name: "CSV" })).toHaveAttribute("href", /action=release\.created&project=/);

  await page.goBack();
  await expect(page).toHaveURL(`/audit?project=${slug}`);
  await expect(filters.getByLabel("What")).toHaveValue("");
  await expect(rows).toHaveCount(all);

  const shared = await context.newPage();
  await shared.goto(`/audit?action=release.created&project=${slug}`);
  await expect(shared.getByRole("form", { name: "Filter the audit trail" }).getByLabel("What")).toHaveValue("release.created");
  await expect(shared.locator("tbody tr[data-testid^='audit-']")).toHaveCount(1);
  await shared.goto(`/audit?action=bogus&actor=nobody&from=yesterday&project=${slug}`);
  await expect(shared.getByRole("form", { name: "Filter the audit trail" }).getByLabel("What")).toHaveValue("");
  await expect(shared.getByRole("form", { name: "Filter the audit trail" }).getByLabel("Project")).toHaveValue(slug);
  await expect(shared.locator("tbody tr[data-testid^='audit-']")).toHaveCount(all);
});

test("a signed-out visitor's link to the filtered library comes back, query and all, after signing in", async ({ page, as }) => {
  const { slug, cases } = await library(await as("admin"), await as("qa"));
  const address = `/projects/${slug}/cases?q=login&priority=HIGH`;
  await page.goto(address);
  await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(address)}`);
  await page.getByLabel("Email").fill(DEMO.qa);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(address);
  await expect(page.getByLabel("Search cases")).toHaveValue("login");
  await expect(caseRows(page)).toHaveCount(1);
  await expect(caseRows(page)).toContainText(cases["Login works with a password"]!);
});
