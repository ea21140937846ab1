// Mentions and Markdown: Dana types "@Ol" in a release's discussion, takes Olive Ops from the
// picker by keyboard and posts; Olive's bell counts the mention and its link leads to the comment.
// The release's notes render as Markdown: a heading, a safe link, no raw HTML.
import type { APIRequestContext, Page } from "@playwright/test";
import { apiAs, DEMO, expect, hydrated, newProject, signInContext, test, unique } from "./fixtures";

/** A member of the test's own (names are not unique: the demo has an Olive Ops too), signed in over the API. */
async function newMember(admin: APIRequestContext, baseURL: string, name: string, roles: string[]) {
  const email = `${unique("olive-")}@example.test`;
  const created = await admin.post("/api/v1/members", { data: { name, email, roles, password: "temporary one" } });
  expect(created.status()).toBe(201);
  const api = await apiAs(baseURL, email, "temporary one");
  const changed = await api.post("/api/v1/me/password", {
    data: { currentPassword: "temporary one", newPassword: "olive's own password" },
  });
  expect(changed.status()).toBe(200);
  return { email, password: "olive's own password", api, id: ((await created.json()) as { id: string }).id };
}

/** Presses ArrowDown in the picker until the option naming `email` is the active one. */
async function activate(page: Page, box: ReturnType<Page["getByRole"]>, email: string) {
  const options = page.getByRole("listbox", { name: "Members to mention" }).getByRole("option");
  await expect(options.filter({ hasText: email })).toHaveCount(1);
  for (let i = 0; i < (await options.count()); i++) {
    const active = await box.getAttribute("aria-activedescendant");
    if (active && (await page.locator(`[id="${active}"]`).textContent())?.includes(email)) return;
    await box.press("ArrowDown");
  }
  throw new Error(`${email} never became the active option`);
}

test("Dana mentions Olive Ops by keyboard; Olive's bell shows it and its link leads to the comment; notes render as Markdown", async ({
  browser,
  baseURL,
  as,
}) => {
  test.setTimeout(120_000);
  const [admin, dev] = [await as("admin"), await as("dev")];
  const { slug } = await newProject(admin, "mention-");
  const version = `v${unique("")}`;
  const notes = [
    `## ${version} highlights`,
    "",
    "See [the changelog](https://example.com/changelog) and [a trap](javascript:alert(1)).",
    "",
    "<script>window.__injected = true</script><b>not bold</b>",
  ].join("\n");
  expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version, commitSha: "c4e8a5f019", notes } })).status()).toBe(201);
  const olive = await newMember(admin, baseURL!, "Olive Ops", ["OPS"]);
  await olive.api.post("/api/v1/me/notifications/read-all");

  const danaContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  await signInContext(danaContext, DEMO.dev);
  const page = await danaContext.newPage();
  await page.goto(`/projects/${slug}/releases/${version}`);

  // The notes: a heading, a link opened safely, the unsafe link and the raw HTML not kept. (The
  // release's own notes: the "What changes" panel, loading beside them, shows them again.)
  const shown = page.locator("dl").filter({ hasText: "Notes" });
  await expect(shown.getByRole("heading", { name: `${version} highlights` })).toBeVisible();
  const changelog = shown.getByRole("link", { name: "the changelog" });
  await expect(changelog).toHaveAttribute("href", "https://example.com/changelog");
  await expect(changelog).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(shown.getByText("a trap")).toBeVisible();
  await expect(page.getByRole("link", { name: "a trap" })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect(page.locator("main script, main b")).toHaveCount(0);
  await expect(page.getByText(`## ${version}`)).toHaveCount(0);

  // "@Ol" opens the picker; the keyboard takes Olive (this test's) and Ctrl+Enter posts.
  const box = page.getByRole("combobox", { name: "Add to the discussion" });
  await box.click();
  await box.pressSequentially("Please check the migration, @Ol");
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await activate(page, box, olive.email);
  await box.press("Enter");
  await expect(page.getByRole("listbox", { name: "Members to mention" })).toHaveCount(0);
  // The box shows the name; the comment stores the member's id (below, Olive alone is told).
  await expect(box).toHaveValue("Please check the migration, @Olive Ops ");
  await box.pressSequentially("**today**");
  await box.press("Control+Enter");
  await expect(box).toHaveValue("");
  // The writer is not offered (the team's members are loaded by now): mentioning oneself tells no one.
  await box.pressSequentially("@Dana");
  await expect(page.getByRole("option", { name: new RegExp(DEMO.dev) })).toHaveCount(0);
  await box.fill("");
  const comment = page.getByRole("list", { name: "Timeline" }).getByRole("listitem").filter({ hasText: "Please check the migration" });
  await expect(comment).toContainText("Please check the migration, @Olive Ops today");
  await expect(comment.locator("strong")).toHaveText("today");
  // No sideways scroll on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Olive's bell counts the mention; its link leads to the comment itself.
  const oliveContext = await browser.newContext({ baseURL });
  await signInContext(oliveContext, olive.email, olive.password);
  const olivePage = await oliveContext.newPage();
  await olivePage.goto(`/projects/${slug}`);
  // At least the mention: other specs' production requests reach every Ops member, Olive too.
  await expect(olivePage.getByRole("link", { name: /^Notifications, / })).toHaveAccessibleName(/^Notifications, [1-9]\d* unread$/);
  await olivePage.getByRole("link", { name: /^Notifications, / }).click();
  const mention = olivePage.getByTestId("notification").getByRole("link", {
    // A plain-text excerpt: the Markdown reduced to its words.
    name: `Dana Developer mentioned you in ${version}'s discussion: Please check the migration, @Olive Ops today`,
  });
  await mention.click();
  await expect(olivePage).toHaveURL(new RegExp(`/projects/${slug}/releases/${version}#comment-[0-9a-f-]{36}$`));
  const target = olivePage.locator(`[id="${new URL(olivePage.url()).hash.slice(1)}"]`);
  await expect(target).toContainText("Please check the migration, @Olive Ops today");
  await expect(target).toBeInViewport();
  await expect(target).toHaveAttribute("data-targeted", "true");

  // Dana is never told of her own comment.
  const danaNotes = (await (await dev.get("/api/v1/me/notifications")).json()) as { items: { kind: string; title: string }[] };
  expect(danaNotes.items.filter((n) => n.kind === "mention" && n.title.includes(version))).toEqual([]);
  await olive.api.dispose();
  await Promise.all([danaContext.close(), oliveContext.close()]);
});

test("a tester mentions Olive in a result's note: keys typed in the note stay text, the picker takes Enter and Esc, Ctrl+Enter records", async ({
  browser,
  baseURL,
  as,
}) => {
  test.setTimeout(120_000);
  const [admin, dev, qa] = [await as("admin"), await as("dev"), await as("qa")];
  const { slug, key } = await newProject(admin, "note-");
  for (const title of ["Pay with a card", "Refund a payment"]) {
    expect((await qa.post(`/api/v1/projects/${slug}/cases`, { data: { title } })).status()).toBe(201);
  }
  expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.0.0", commitSha: "abcdef1234" } })).status()).toBe(
    201,
  );
  const created = await qa.post(`/api/v1/projects/${slug}/runs`, { data: { release: "v1.0.0", environment: "staging", all: true } });
  const { id: runId } = (await created.json()) as { id: string };
  const olive = await newMember(admin, baseURL!, "Olive Ops", ["OPS"]);

  const context = await browser.newContext({ baseURL });
  await signInContext(context, DEMO.qa);
  const page = await context.newPage();
  await page.goto(`/projects/${slug}/runs/${runId}/execute`);
  await expect(page.getByRole("region", { name: `Executing ${key}-1` })).toBeVisible();
  const note = page.getByRole("combobox", { name: "Note" });
  await hydrated(note);
  await page.getByRole("region", { name: `Executing ${key}-1` }).focus();
  await page.keyboard.press("Enter");
  await expect(note).toBeFocused();

  // P and S typed in the note are text, not results; Esc closes the picker and stays in the note.
  await note.pressSequentially("ps @Ol");
  await expect(note).toHaveAttribute("aria-expanded", "true");
  await note.press("Escape");
  await expect(page.getByRole("listbox", { name: "Members to mention" })).toHaveCount(0);
  await expect(note).toBeFocused();
  await expect(page.getByRole("region", { name: `Executing ${key}-1` })).toBeVisible();

  // Typed again, the picker opens again; Enter takes Olive, Ctrl+Enter records the result with the note.
  await note.press("Backspace");
  await note.pressSequentially("l");
  await activate(page, note, olive.email);
  await note.press("Enter");
  await expect(note).toHaveValue("ps @Olive Ops ");
  await note.pressSequentially("card declined");
  await note.press("Control+Enter");
  await expect(page.getByRole("region", { name: `Executing ${key}-2` })).toBeVisible();

  // The page moves on at once and saves meanwhile: wait for the result and the notification.
  const first = async () => {
    const run = (await (await qa.get(`/api/v1/runs/${runId}`)).json()) as {
      results: { caseKey: string; status: string; note: string | null }[];
    };
    return run.results.find((r) => r.caseKey === `${key}-1`);
  };
  await expect.poll(first).toMatchObject({ status: "FAILED", note: `ps @[Olive Ops](member:${olive.id}) card declined` });
  const mentionsOf = async () =>
    (
      (await (await olive.api.get("/api/v1/me/notifications")).json()) as { items: { kind: string; title: string; link: string }[] }
    ).items.filter((n) => n.kind === "mention");
  await expect.poll(mentionsOf).toEqual([
    expect.objectContaining({
      title: `Quinn QA mentioned you in a note on ${key}-1 (run #1, v1.0.0): ps @Olive Ops card declined`,
      link: expect.stringMatching(new RegExp(`^/projects/${slug}/runs/${runId}/execute\\?result=[0-9a-f-]{36}$`)),
    }),
  ]);

  // With the picker closed, Esc leaves the note as before.
  await page.keyboard.press("Enter");
  await expect(note).toBeFocused();
  await note.press("Escape");
  await expect(note).not.toBeFocused();
  await olive.api.dispose();
  await context.close();
});
