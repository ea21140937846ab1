// Named approvers, nudges and reminders on the running app: Dana requests production and sees who
// may still approve it, by name; her nudge reaches Olive's notifications; a second nudge within
// the hour is refused with the time it becomes possible; and once the server's clock passes the
// environment's remindAfter, the background's pass reminds Olive without anyone waiting 4 hours.
import type { Page } from "@playwright/test";
import { policyInput } from "@/lib/testing/policies";
import { advanceServerClock, DEMO, expect, newProject, promotionIn, signInContext, test, unique } from "./fixtures";

type Gate = { kind: string; waitingOn?: string; candidates?: { members: { memberId: string; name: string }[] }[] };

test("Dana sees who may approve, nudges them, Olive is told; a second nudge waits an hour; a reminder comes after remindAfter", async ({
  browser,
  baseURL,
  as,
}) => {
  test.setTimeout(180_000);
  const [admin, dev, ops] = [await as("admin"), await as("dev"), await as("ops")];
  const { slug, environments } = await newProject(admin, "nudge-");
  // Production: two from Ops, reminders every 4 hours.
  const production = environments.find((e) => e.name === "production")!;
  const policies = (await (await admin.get(`/api/v1/projects/${slug}/environments`)).json()) as { id: string; version: number }[];
  const version = policies.find((p) => p.id === production.id)!.version;
  const saved = await admin.put(`/api/v1/projects/${slug}/environments/${production.id}/policy`, {
    data: policyInput(version, { remindAfter: "4h" }),
  });
  expect(saved.status()).toBe(200);
  expect(((await saved.json()) as { remindAfter: string }).remindAfter).toBe("4h");

  // A second Ops member of the test's own: Oscar Ops.
  const oscarEmail = `${unique("oscar-")}@example.test`;
  const oscar = (await (
    await admin.post("/api/v1/members", { data: { name: "Oscar Ops", email: oscarEmail, roles: ["OPS"], password: "temporary one" } })
  ).json()) as { id: string };

  const release = `v${unique("")}`;
  expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: release, commitSha: "c4e8a5f019" } })).status()).toBe(201);
  await ops.post(`/api/v1/promotions/${await promotionIn(dev, slug, "dev")}/report`, { data: { status: "succeeded" } });
  const staging = (await (await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release, environment: "staging" } })).json()) as {
    id: string;
  };
  await ops.post(`/api/v1/promotions/${staging.id}/report`, { data: { status: "succeeded" } });

  // Dana requests production on the board.
  const danaContext = await browser.newContext({ baseURL });
  await signInContext(danaContext, DEMO.dev);
  const dana = await danaContext.newPage();
  await dana.goto(`/projects/${slug}`);
  await dana.getByRole("region", { name: "staging" }).getByRole("button", { name: "Promote to production" }).click();
  const card = dana.getByRole("region", { name: "production" }).getByRole("article");
  const gateLine = card.locator('[data-gate="approvals"]');
  await expect(gateLine).toContainText("0 of 2 from Ops — waiting on Ops (2 more): ");

  // The names are the API's: every active Ops member but Dana, Olive and Oscar among them.
  const id = await promotionIn(dev, slug, "production");
  const gate = ((await (await dev.get(`/api/v1/promotions/${id}`)).json()) as { gates: { gates: Gate[] } }).gates.gates.find(
    (g) => g.kind === "approvals",
  )!;
  const named = gate.candidates!.flatMap((rule) => rule.members);
  expect(named.map((m) => m.name)).toEqual(expect.arrayContaining(["Olive Ops", "Oscar Ops"]));
  expect(named.map((m) => m.memberId)).toContain(oscar.id);
  expect(named.map((m) => m.name)).not.toContain("Dana Developer");
  // The card names whom the API names. Other specs add Ops members at the same time, so the two are
  // read again together until they agree.
  await expect(async () => {
    const now = ((await (await dev.get(`/api/v1/promotions/${id}`)).json()) as { gates: { gates: Gate[] } }).gates.gates.find(
      (g) => g.kind === "approvals",
    )!;
    await dana.reload();
    await expect(gateLine).toContainText(`waiting on ${now.waitingOn}`, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });

  // Olive watches her notifications.
  const oliveContext = await browser.newContext({ baseURL });
  await signInContext(oliveContext, DEMO.ops);
  const olive = await oliveContext.newPage();
  await olive.goto("/notifications");
  const nudge = olive.getByTestId("notification").filter({ hasText: `Dana Developer asks you to approve ${release} → production` });
  await expect(nudge).toHaveCount(0);

  // Dana nudges: a toast names whom; Olive's list shows it, unread.
  // By keyboard: the focus stays on the button, which then says when the next nudge is possible.
  const nudgeButton = card.getByRole("button", { name: /^Nudge/ });
  await expect(nudgeButton).toHaveAttribute("title", "Remind the people who may approve (once an hour)");
  await nudgeButton.focus();
  await dana.keyboard.press("Enter");
  const toast = dana.getByText(/^Nudged .*Olive Ops.* to approve #\d+ /);
  await expect(toast).toBeVisible();
  await expect(nudgeButton).toHaveText(/Nudged — next at \d\d:\d\d UTC$/);
  await expect(nudgeButton).toBeFocused();
  // The toast opens where the pointer rests, and sonner keeps a hovered toast: close it, as a
  // person would, before the second nudge (it covered the button in CI).
  await dana.getByRole("button", { name: "Close toast" }).click();
  await expect(toast).toBeHidden();
  await expect(card.getByTestId("nudged")).toContainText("Approvers nudged");
  await showsSoon(olive, nudge);
  await expect(nudge.getByText("Unread")).toBeVisible();
  await expect(olive.getByRole("link", { name: /^Notifications, [1-9]\d* unread$/ })).toBeVisible();

  // A second nudge within the hour: the button is disabled, saying when the next is possible (also
  // after a reload, from the server); the API refuses it.
  await dana.reload();
  await expect(nudgeButton).toBeDisabled();
  await expect(nudgeButton).toHaveText(/Nudged — next at \d\d:\d\d UTC$/);
  const again = await dev.post(`/api/v1/promotions/${id}/nudge`);
  expect(again.status()).toBe(429);
  expect(Number(again.headers()["retry-after"])).toBeGreaterThan(0);
  expect(((await again.json()) as { detail: string }).detail).toMatch(/the next nudge is possible at \d\d:\d\d UTC/);

  // The release's timeline records it.
  await dana.goto(`/projects/${slug}/releases/${release}`);
  await expect(dana.getByRole("list", { name: "Timeline" })).toContainText(/nudged .*Olive Ops.* to approve #\d+/);

  // Past remindAfter on the server's clock, the background's pass reminds Olive.
  await advanceServerClock(4 * 3_600_000 + 60_000);
  const reminder = olive.getByTestId("notification").filter({ hasText: `Reminder: ${release} → production has waited` });
  await showsSoon(olive, reminder);

  await danaContext.close();
  await oliveContext.close();
});

/** The list is live; a reload now and then covers a notice missed while the page was loading. */
async function showsSoon(page: Page, item: ReturnType<Page["getByTestId"]>) {
  await expect(async () => {
    if (!(await item.isVisible())) await page.reload();
    await expect(item).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
}
