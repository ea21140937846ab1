// Issue 17, item 6: while a case's title is written, cases with a similar title are suggested.
import { DEMO, expect, hydrated, newProject, signInContext, test } from "./fixtures";

test("QA writing a new case's title sees the similar existing case, and not the one being edited", async ({ browser, baseURL, as }) => {
  const [admin, qaApi] = [await as("admin"), await as("qa")];
  const { slug, key } = await newProject(admin, "hints-");
  for (const title of ["Log in with a password", "Export the audit trail as CSV"])
    expect((await qaApi.post(`/api/v1/projects/${slug}/cases`, { data: { title } })).status()).toBe(201);

  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  await signInContext(context, DEMO.qa);
  const page = await context.newPage();
  await page.goto(`/projects/${slug}/cases/new`);
  const title = page.getByLabel("Title");
  await hydrated(title);
  await title.fill("Log in with password");
  await expect(page.getByText("Similar cases:")).toBeVisible();
  await expect(page.getByRole("link", { name: `${key}-1 Log in with a password` })).toHaveAttribute(
    "href",
    `/projects/${slug}/cases/${key}-1`,
  );
  await expect(page.getByRole("link", { name: new RegExp(`${key}-2 `) })).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Editing the case itself: a changed title does not suggest the case being edited.
  await page.goto(`/projects/${slug}/cases/${key}-1`);
  await page.getByRole("button", { name: "Edit" }).click();
  const editing = page.getByLabel("Title");
  const asked = page.waitForResponse((r) => r.url().includes("/cases/similar?") && r.url().includes("again") && r.status() === 200);
  await editing.fill("Log in with a password again");
  await asked;
  await expect(page.getByText("Similar cases:")).toHaveCount(0);
  await context.close();
});
