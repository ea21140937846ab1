// "What changes": an approver opens it on the waiting production promotion and sees the releases,
// the commits (from a real local repository) and the test deltas against what runs there now.
import { productionWaitsOnV2 } from "./changes-scenario";
import { DEMO, expect, hydrated, signInContext, test } from "./fixtures";

test("an approver sees what a waiting production promotion changes: releases, commits and test deltas, on the board and on the release page, at 390 px too", async ({
  as,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const world = await productionWaitsOnV2(as);
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  await signInContext(context, DEMO.ops);
  const page = await context.newPage();
  await page.goto(`/projects/${world.slug}`);

  const card = page.getByRole("region", { name: "production" }).getByRole("article", { name: `Promotion #${world.promotion.number}` });
  const disclosure = card.getByText("What changes", { exact: true });
  await hydrated(disclosure);
  await disclosure.focus();
  await page.keyboard.press("Enter");

  const releases = card.getByRole("list", { name: "Releases" });
  await expect(releases.getByRole("listitem")).toHaveCount(2);
  await expect(releases.getByRole("listitem").nth(0)).toContainText("v2.0.0");
  await expect(releases.getByRole("listitem").nth(0)).toContainText("Faster checkout");
  await expect(releases.getByRole("listitem").nth(1)).toContainText("v1.5.0");
  // Release notes are Markdown, shown rendered as on the release page, not as raw marks.
  await expect(releases.getByRole("listitem").nth(1).getByRole("heading", { name: "New" })).toBeVisible();
  await expect(releases.getByRole("listitem").nth(1).locator("strong")).toHaveText("Card");
  await expect(releases).not.toContainText("**");
  await expect(releases).not.toContainText("v1.1.0");
  const commits = card.getByRole("list", { name: "Commits" }).getByRole("listitem");
  await expect(commits).toHaveText([/Speed up checkout/, /Fix rounding in totals/, /Add card payments/]);
  await expect(commits.nth(0)).toContainText(world.repo.shas[3]!.slice(0, 7));
  await expect(card.getByRole("list", { name: "Newly failing" })).toHaveText(/Pay by card/);
  await expect(card.getByRole("list", { name: "Newly passing" })).toHaveText(/Refund an order/);
  await expect(card.getByRole("list", { name: "Not run" })).toHaveText(/Apply a coupon/);
  await expect(card.getByText("Against v1.0.0, running in production now.")).toBeVisible();
  await expect(card.getByTestId("changes")).not.toContainText("’s");
  // Readable at 390 px: nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // The release page: choose where it would go.
  await page.goto(`/projects/${world.slug}/releases/v2.0.0`);
  const where = page.getByLabel("Promoting into");
  await hydrated(where);
  await where.selectOption("production");
  const panel = page.getByTestId("changes");
  await expect(panel.getByText("Against v1.0.0, running in production now.")).toBeVisible();
  await expect(panel.getByRole("list", { name: "Commits" }).getByRole("listitem")).toHaveCount(3);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await where.selectOption("staging");
  await expect(panel.getByText("v2.0.0 already runs in staging.")).toBeVisible();
  // The release compared with itself: said once, one run.
  await expect(panel.getByText(/this release is the one running now\./)).toBeVisible();
  await expect(panel).not.toContainText("running release");
  // The environment is in the address: Back returns to production's comparison, a reload keeps it.
  await expect(page).toHaveURL(/\?to=staging$/);
  await page.goBack();
  await expect(page).toHaveURL(/\?to=production$/);
  await expect(where).toHaveValue("production");
  await page.reload();
  await expect(page.getByLabel("Promoting into")).toHaveValue("production");
  await expect(panel.getByText("Against v1.0.0, running in production now.")).toBeVisible();
  await context.close();
  world.cleanup();
});
