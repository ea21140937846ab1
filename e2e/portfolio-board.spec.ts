// The release board across projects: every project's environments in one table, live as
// releases land and wait, filtered by name in the address, and one card per project on a phone.
import { DEMO, expect, newProject, newToken, promotionIn, signInContext, test, tokenClient } from "./fixtures";

test("what runs where in every project, live, filtered in the address, as cards on a phone", async ({ page, context, as, baseURL }) => {
  test.setTimeout(120_000);
  const [admin, dev, ops] = [await as("admin"), await as("dev"), await as("ops")];
  const project = await newProject(admin, "all-boards-");
  const ci = await tokenClient(baseURL!, await newToken(admin, project.slug, ["read", "releases:write"]));

  await signInContext(context, DEMO.qa);
  await page.goto("/inbox");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "All boards" }).click();
  await expect(page.getByRole("heading", { name: "Release board", level: 1 })).toBeVisible();
  const table = page.getByRole("table", { name: "What runs in each environment, by project" });
  // The demo's checkout-service runs releases (other tests' projects may add columns of their own).
  const checkout = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /checkout-service/ }) });
  await expect(checkout).toContainText(/\d+\.\d+\.\d+ since /);

  // Filtered by name: the address keeps it, so a reload shows the same rows.
  await page.getByRole("searchbox", { name: "Filter projects by name" }).fill(project.slug);
  await expect(page).toHaveURL(new RegExp(`q=${project.slug}`));
  await expect(table.getByRole("rowheader")).toHaveCount(1);
  // Filtered to one project, the columns are its environments, in pipeline order.
  await expect(table.getByRole("columnheader")).toHaveText(["Project", "dev", "staging", "production"]);
  const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(project.slug) }) });
  await expect(row.getByRole("cell")).toHaveText(["Nothing deployed", "Nothing deployed", "Nothing deployed"]);
  await page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));

  // A pipeline registers a release: dev promotes it at once; the cell changes in place.
  expect((await ci.post(`/api/v1/projects/${project.slug}/releases`, { data: { version: "2.0.0", commitSha: "abc1234" } })).status()).toBe(
    201,
  );
  await expect(row.getByRole("cell").nth(0)).toContainText("Approved 2.0.0");
  await ops.post(`/api/v1/promotions/${await promotionIn(ops, project.slug, "dev")}/report`, { data: { status: "succeeded" } });
  await expect(row.getByRole("cell").nth(0)).toContainText("2.0.0 since just now");
  // Production waits (staging has not run it): the badge counts its checks and says on what it waits.
  expect(
    (await dev.post(`/api/v1/projects/${project.slug}/promotions`, { data: { release: "2.0.0", environment: "production" } })).status(),
  ).toBe(201);
  const production = row.getByRole("cell").nth(2);
  await expect(production).toContainText(/Waiting: 2\.0\.0 · \d\/\d checks/);
  await expect(production.getByRole("link")).toHaveAttribute("href", `/projects/${project.slug}`);
  await expect(production).toContainText("Waits on: ");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Filter projects by name" })).toHaveValue(project.slug);
  await expect(table.getByRole("rowheader")).toHaveCount(1);
  // Away and Back: the filter comes back with the address.
  await row.getByRole("rowheader").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project.slug}$`));
  await page.goBack();
  await expect(page.getByRole("searchbox", { name: "Filter projects by name" })).toHaveValue(project.slug);
  await expect(table.getByRole("rowheader")).toHaveCount(1);
  // A project made meanwhile appears without a reload; spaces around the filter do not count.
  await page.getByRole("searchbox", { name: "Filter projects by name" }).fill("all-boards-");
  const later = await newProject(admin, "all-boards-");
  await expect(table.getByRole("rowheader", { name: new RegExp(later.slug) })).toBeVisible();
  await page.getByRole("searchbox", { name: "Filter projects by name" }).fill(`  ${later.slug}   `);
  await expect(table.getByRole("rowheader")).toHaveCount(1);
  await page.getByRole("searchbox", { name: "Filter projects by name" }).fill("no such project at all");
  await expect(page.getByText("No project matches “no such project at all”")).toBeVisible();

  // On a phone: one card per project, each environment a line.
  await page.getByRole("searchbox", { name: "Filter projects by name" }).fill(project.slug);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(table).toBeHidden();
  const card = page.getByRole("list", { name: "Projects" }).getByRole("listitem");
  await expect(card).toHaveCount(1);
  await expect(card.getByRole("term")).toHaveText(["dev", "staging", "production"]);
  await expect(card.getByRole("definition").first()).toContainText("2.0.0");

  // The same board over the API, for a token only its own project.
  const board = (await (await ci.get("/api/v1/board")).json()) as { environments: string[]; projects: { project: { slug: string } }[] };
  expect(board.projects.map((p) => p.project.slug)).toEqual([project.slug]);
  expect(board.environments).toEqual(["dev", "staging", "production"]);
  await ci.dispose();
});
