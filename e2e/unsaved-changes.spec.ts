// Words typed and not saved are asked about before they are lost: leaving a new case for another
// page or closing its tab, closing the sign-off dialog, leaving a release's comment unposted (by a
// link or by Back).
import { DEMO, expect, hydrated, newProject, signInContext, test } from "./fixtures";

test("a case, a sign-off and a comment typed and not saved ask before they are lost; staying keeps them", async ({ page, context, as }) => {
  const [admin, qa, dev] = [await as("admin"), await as("qa"), await as("dev")];
  const { slug } = await newProject(admin, "unsaved-");
  await qa.post(`/api/v1/projects/${slug}/cases`, { data: { title: "Refund goes back to the card", tags: ["smoke"] } });
  await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.0.0", commitSha: "abcdef1" } });
  const run = (await (
    await qa.post(`/api/v1/projects/${slug}/runs`, { data: { release: "v1.0.0", environment: "staging", tags: ["smoke"] } })
  ).json()) as { id: string };
  await signInContext(context, DEMO.qa);

  // Every question the page asks, answered as `leave` says (false: stay).
  const asked: string[] = [];
  let leave = false;
  page.on("dialog", (dialog) => {
    asked.push(dialog.type() === "beforeunload" ? "beforeunload" : dialog.message());
    void (leave ? dialog.accept() : dialog.dismiss());
  });
  const nav = page.getByRole("navigation", { name: "Main" });

  // A new case: a link elsewhere asks, staying keeps what was typed; so does closing the tab.
  await page.goto(`/projects/${slug}/cases/new`);
  const form = page.getByRole("form", { name: "New test case" });
  await hydrated(form);
  await form.getByLabel("Title").fill("Partial refund");
  await nav.getByRole("link", { name: "Test cases" }).click();
  await expect.poll(() => asked).toEqual(["Leave without saving? The new case will be lost."]);
  await expect(page).toHaveURL(`/projects/${slug}/cases/new`);
  await expect(form.getByLabel("Title")).toHaveValue("Partial refund");
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked.at(-1)).toBe("beforeunload");
  expect(page.isClosed()).toBe(false);
  leave = true;
  await nav.getByRole("link", { name: "Test cases" }).click();
  await expect(page).toHaveURL(`/projects/${slug}/cases`);
  expect(asked).toHaveLength(3);

  // The sign-off dialog: Escape asks, staying keeps the comment; Cancel and leaving empties it.
  leave = false;
  await page.goto(`/projects/${slug}/runs/${run.id}`);
  const open = page.getByRole("button", { name: "Sign off or block…" });
  await hydrated(open);
  await open.click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Comment").fill("Refunds verified by hand");
  await page.keyboard.press("Escape");
  await expect.poll(() => asked.at(-1)).toBe("Close without giving your decision? What you wrote will be lost.");
  await expect(dialog.getByLabel("Comment")).toHaveValue("Refunds verified by hand");
  leave = true;
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(asked).toHaveLength(5);
  await open.click();
  await expect(dialog.getByLabel("Comment")).toHaveValue("");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(asked).toHaveLength(5);

  // A comment on the release: a link elsewhere asks; once posted, nothing is.
  leave = false;
  await page.goto(`/projects/${slug}/releases/v1.0.0`);
  const comment = page.getByLabel("Add to the discussion");
  await hydrated(comment);
  await comment.fill("Ship it after lunch");
  await nav.getByRole("link", { name: "Releases" }).click();
  await expect.poll(() => asked.at(-1)).toBe("Leave without posting? Your comment will be lost.");
  await expect(page).toHaveURL(`/projects/${slug}/releases/v1.0.0`);
  await expect(comment).toHaveValue("Ship it after lunch");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(comment).toHaveValue("");
  await nav.getByRole("link", { name: "Releases" }).click();
  await expect(page).toHaveURL(`/projects/${slug}/releases`);
  expect(asked).toHaveLength(6);

  // Back within the app asks too: staying keeps the page and the comment; agreeing goes back.
  await page.getByRole("link", { name: "v1.0.0" }).first().click();
  await expect(page).toHaveURL(`/projects/${slug}/releases/v1.0.0`);
  await hydrated(comment);
  await comment.fill("One more thing");
  // Staying cancels the step, so the browser's Back never completes: it is not waited for.
  void page.goBack().catch(() => null);
  await expect.poll(() => asked.length).toBe(7);
  expect(asked.at(-1)).toBe("Leave without posting? Your comment will be lost.");
  await expect(page).toHaveURL(`/projects/${slug}/releases/v1.0.0`);
  await expect(comment).toHaveValue("One more thing");
  await expect(page.getByRole("heading", { name: /v1\.0\.0/ }).first()).toBeVisible();
  leave = true;
  await page.goBack();
  await expect(page).toHaveURL(`/projects/${slug}/releases`);
  expect(asked).toHaveLength(8);
});
