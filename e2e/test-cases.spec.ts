import { DEMO, expect, signInContext, test, unique } from "./fixtures";

test("QA writes a case, edits it into a new revision, finds it by a step and tags it in bulk", async ({ page, context, as }) => {
  const admin = await as("admin");
  const slug = unique("lib-");
  await admin.post("/api/v1/projects", { data: { name: slug, slug, key: unique("L").toUpperCase() } });
  await signInContext(context, DEMO.qa);

  await page.goto(`/projects/${slug}/cases`);
  await expect(page.getByText("No cases here yet")).toBeVisible();
  await page.getByRole("link", { name: "New case" }).click();
  const form = page.getByRole("form", { name: "New test case" });
  await form.getByLabel("Title").fill("Refund goes back to the card");
  await form.getByLabel("Step 1 action").fill("Refund a paid order from the back office");
  await form.getByLabel("Step 1 expected result").fill("The refund shows on the card within a day");
  await form.getByRole("button", { name: "Add case" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Refund goes back to the card");
  await expect(page.getByText("Revision 1 ·")).toBeVisible();

  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: /^Edit / });
  await edit.getByLabel("Title").fill("Refund goes back to the original card");
  await edit.getByRole("button", { name: "Add a step" }).click();
  await edit.getByLabel("Step 2 action").fill("Check the customer's email");
  await edit.getByLabel("Step 2 expected result").fill("A refund confirmation arrives");
  await edit.getByRole("button", { name: "Save as a new revision" }).click();
  const revisions = page.getByRole("list", { name: "Revisions" });
  await expect(revisions.getByRole("listitem").first()).toContainText("Revision 2");
  await expect(revisions.getByRole("listitem").first()).toContainText("title, steps");
  await expect(revisions.locator("del").first()).toHaveText("Refund goes back to the card");

  // Another case, then search by a word that only a step contains.
  const qa = await as("qa");
  await qa.post(`/api/v1/projects/${slug}/cases`, { data: { title: "Partial refund" } });
  await page.goto(`/projects/${slug}/cases`);
  await page.getByLabel("Search cases").fill("confirmation");
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("table")).toContainText("Refund goes back to the original card");

  await page.getByLabel("Search cases").fill("refund");
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(3);
  await page.getByLabel("Select all on this page").check();
  await page.getByLabel("Tag for the selected cases").fill("regression");
  await page.getByRole("button", { name: "Add tag" }).click();
  await expect(page.getByText("Tagged regression: 2 cases changed")).toBeVisible();
  await page.getByLabel("Tag", { exact: true }).fill("regression");
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(3);

  // On a phone each case's tags show under its title, on screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const tag = page.getByRole("table").getByRole("row").nth(1).getByText("regression", { exact: true }).filter({ visible: true });
  await expect(tag).toBeVisible();
  const box = await tag.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
});

test("editing a case in a suite keeps it there: a title change records only the title", async ({ page, context, as }) => {
  const admin = await as("admin");
  const slug = unique("lib-");
  await admin.post("/api/v1/projects", { data: { name: slug, slug, key: unique("L").toUpperCase() } });
  const qa = await as("qa");
  const suites = (await (await qa.post(`/api/v1/projects/${slug}/suites`, { data: { name: "Checkout" } })).json()) as {
    id: string;
    name: string;
  }[];
  expect((await qa.post(`/api/v1/projects/${slug}/suites`, { data: { name: "Cart", parentId: suites[0]!.id } })).status()).toBe(201);
  const created = (await (
    await qa.post(`/api/v1/projects/${slug}/cases`, {
      data: { title: "Cart keeps items", suiteId: suites.find((s) => s.name === "Checkout")!.id },
    })
  ).json()) as { key: string };

  await signInContext(context, DEMO.qa);
  await page.goto(`/projects/${slug}/cases/${created.key}`);
  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: /^Edit / });
  await expect(edit.getByLabel("Suite")).toHaveValue(suites[0]!.id);
  // Suites are offered as their tree: a sub-suite after its parent, named by its path.
  await expect(edit.getByLabel("Suite").locator("option")).toHaveText(["No suite", "Checkout", "Checkout › Cart"]);
  await edit.getByLabel("Title").fill("Cart keeps its items after sign-in");
  await edit.getByRole("button", { name: "Save as a new revision" }).click();
  const revisions = page.getByRole("list", { name: "Revisions" });
  await expect(revisions.getByRole("listitem").first()).toContainText("Revision 2");
  await expect(revisions.getByRole("listitem").first()).not.toContainText("suite");
  const saved = (await (await qa.get(`/api/v1/projects/${slug}/cases/${created.key}`)).json()) as { suite: { name: string } | null };
  expect(saved.suite?.name).toBe("Checkout");
});

test("QA imports a 2,000-row TestRail CSV: two bad rows are shown and nothing is written; fixed, it is imported", async ({
  page,
  context,
  as,
}) => {
  const admin = await as("admin");
  const slug = unique("csv-");
  await admin.post("/api/v1/projects", { data: { name: slug, slug, key: unique("T").toUpperCase() } });
  await signInContext(context, DEMO.qa);
  const header = "ID,Title,Section,Section Hierarchy,Priority,Type,Preconditions,Steps,Expected Result,References";
  const rows = Array.from(
    { length: 2000 },
    (_, i) =>
      `C${1000 + i},Case ${i + 1},Area ${i % 20},Shop > Area ${i % 20},${["Low", "Medium", "High", "Critical"][i % 4]},Functional,,Step ${i + 1},Result ${i + 1},`,
  );
  const csv = (lines: string[]) => ({ name: "testrail.csv", mimeType: "text/csv", buffer: Buffer.from([header, ...lines].join("\n")) });
  const bad = [...rows];
  bad[17] = bad[17]!.replace(",Medium,", ",Urgentish,");
  bad[1500] = bad[1500]!.replace(",Case 1501,", ",,");

  await page.goto(`/projects/${slug}/cases`);
  await page.getByRole("link", { name: "Import CSV" }).click();
  await page.getByLabel("CSV file").setInputFiles(csv(bad));
  await expect(page.getByRole("alert").filter({ hasText: "problems" })).toContainText("2 problems: nothing will be imported");
  const problems = page.getByRole("table").first();
  await expect(problems.getByRole("row").nth(1)).toContainText("19Priority'Urgentish' is not one of Critical, High, Medium, Low");
  await expect(problems.getByRole("row").nth(2)).toContainText("1502TitleEnter a title");
  await expect(page.getByTestId("import-counts")).toContainText("2,000 rows: 1,998 to create");
  await expect(page.getByRole("button", { name: /^Import / })).toBeDisabled();
  // The preview and its problems fit a phone: nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  expect(((await (await admin.get(`/api/v1/projects/${slug}/cases`)).json()) as { total: number }).total).toBe(0);

  await page.getByLabel("CSV file").setInputFiles(csv(rows));
  await expect(page.getByTestId("import-counts")).toContainText("2,000 to create");
  await page.getByRole("button", { name: "Import 2,000 cases" }).click();
  await expect(page.getByText(/Imported testrail\.csv: 2,000 cases created/)).toBeVisible({ timeout: 60_000 });
  expect(((await (await admin.get(`/api/v1/projects/${slug}/cases`)).json()) as { total: number }).total).toBe(2000);
  await page.getByRole("link", { name: "Back to the library" }).click();
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", `/api/v1/projects/${slug}/cases/export`);
  // A case keeps its TestRail id.
  await page.getByRole("link", { name: /-1Case 1$/ }).click();
  await expect(page.getByText("external id C1000")).toBeVisible();
});
