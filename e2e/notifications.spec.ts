// The notification centre: an ops member's bell counts, live, the approval a developer's request
// for production waits on; the notification leads to the promotion; "Mark all read" clears it.
import type { APIRequestContext } from "@playwright/test";
import { apiAs, expect, newProject, promotionIn, signInContext, test, unique } from "./fixtures";

test("an ops member's bell shows the approval waiting on them live, and Mark all read clears it", async ({ browser, baseURL, as }) => {
  test.setTimeout(120_000);
  const [admin, dev, ops] = [await as("admin"), await as("dev"), await as("ops")];
  const { slug } = await newProject(admin, "bell-");
  const version = `v${unique("")}`;
  expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version, commitSha: "c4e8a5f019" } })).status()).toBe(201);
  await ops.post(`/api/v1/promotions/${await promotionIn(dev, slug, "dev")}/report`, { data: { status: "succeeded" } });
  const staging = (await (
    await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: version, environment: "staging" } })
  ).json()) as {
    id: string;
  };
  await ops.post(`/api/v1/promotions/${staging.id}/report`, { data: { status: "succeeded" } });

  // An ops member of their own, so no other test's notifications reach this one's bell first.
  const email = `${unique("olive-")}@example.test`;
  const created = await admin.post("/api/v1/members", { data: { name: "Olive Ops", email, roles: ["OPS"], password: "temporary one" } });
  expect(created.status()).toBe(201);
  const oliveId = ((await created.json()) as { id: string }).id;
  const olive: APIRequestContext = await apiAs(baseURL!, email, "temporary one");
  expect(
    (await olive.post("/api/v1/me/password", { data: { currentPassword: "temporary one", newPassword: "olive's own password" } })).status(),
  ).toBe(200);
  await olive.post("/api/v1/me/notifications/read-all");

  const context = await browser.newContext({ baseURL });
  await signInContext(context, email, "olive's own password");
  const page = await context.newPage();
  await page.goto(`/projects/${slug}`);
  const bell = page.getByRole("link", { name: /^Notifications, / });
  await expect(bell).toHaveAccessibleName("Notifications, none unread");
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  // The developer, elsewhere, requests production: the bell counts it without a reload.
  expect((await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: version, environment: "production" } })).status()).toBe(
    201,
  );
  await expect(bell).toHaveAccessibleName(/^Notifications, [1-9]\d* unread$/);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  // By keyboard to the list: the notification is marked unread in words, not colour alone.
  await bell.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/notifications$/);
  const item = page.getByTestId("notification").filter({ hasText: `${version} → production waits for your approval` });
  await expect(item).toBeVisible();
  await expect(item.getByText("Unread")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();

  // Tests beside this one request promotions that every Ops member is asked to approve (Olive too):
  // from here on she hears only of mentions, so the counts below are this test's own.
  const quiet = { "approval.waiting": "OFF", "approval.nudged": "OFF", "approval.reminded": "OFF", "promotion.decided": "OFF" };
  expect((await olive.put("/api/v1/me/notification-preferences", { data: { kinds: quiet } })).status()).toBe(200);
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(bell).toHaveAccessibleName("Notifications, none unread");
  await expect(item.getByText("Unread")).toHaveCount(0);

  // Two mentions, then the Unread view by keyboard: a read item leaves, and the focus moves to the
  // next one's "Mark read", then, none left, to the page's heading (never lost to the page's body).
  for (const words of ["have a look", "and this"]) {
    const body = `@[Olive Ops](member:${oliveId}) ${words}`;
    expect((await dev.post(`/api/v1/projects/${slug}/releases/${version}/comments`, { data: { body } })).ok()).toBe(true);
  }
  await expect(bell).toHaveAccessibleName("Notifications, 2 unread");
  await page
    .getByRole("navigation", { name: "Show" })
    .getByRole("link", { name: /^Unread/ })
    .click();
  await expect(page).toHaveURL(/unread=true/);
  const markReads = page.getByRole("button", { name: /^Mark read: / });
  await expect(markReads).toHaveCount(2);
  await markReads.first().focus();
  await page.keyboard.press("Enter");
  await expect(markReads).toHaveCount(1);
  await expect(markReads.first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(markReads).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeFocused();
  await page.getByRole("navigation", { name: "Show" }).getByRole("link", { name: "All", exact: true }).click();
  await expect(page).toHaveURL(/\/notifications$/);

  await item.getByRole("link", { name: new RegExp(`^${version} → production waits for your approval \\(requested by Dana`) }).click();
  // To the waiting card on the board, where Approve is (the release's page has none).
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}#promotion-\\d+$`));
  const target = page.locator("article[data-targeted]");
  await expect(target).toHaveAttribute("aria-label", /^Promotion #\d+$/);
  await expect(target.getByRole("button", { name: "Approve", exact: true })).toBeVisible();
  await olive.dispose();
  await context.close();
});
