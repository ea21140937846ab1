import { DEMO, expect, newProject, signInContext, test, unique } from "./fixtures";

test.describe("projects", () => {
  test("an admin creates a project and lands on its board: dev → staging → production", async ({ page, context }) => {
    await signInContext(context, DEMO.admin);
    await page.goto("/projects");
    await page.getByRole("button", { name: "New project" }).click();
    const dialog = page.getByRole("dialog", { name: "New project" });
    const name = unique("Billing ");
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await expect(dialog.getByLabel("URL name")).toHaveValue(name.toLowerCase().replace(" ", "-"));
    await dialog.getByLabel("Key").fill(unique("B").toUpperCase());
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${name.toLowerCase().replace(" ", "-")}$`));
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    const board = page.getByLabel("Release board");
    await expect(board.getByRole("heading", { level: 2 })).toHaveText(["dev", "staging", "production"]);
    await expect(board.getByRole("region", { name: "dev" }).getByText("Nothing deployed yet")).toBeVisible();
  });

  test("a developer can browse projects but not create them", async ({ page, context }) => {
    await signInContext(context, DEMO.dev);
    await page.goto("/projects");
    await expect(page.getByRole("link", { name: /checkout-service/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "New project" })).toHaveCount(0);
  });

  test("the project switcher moves between projects", async ({ page, context }) => {
    await signInContext(context, DEMO.qa);
    await page.goto("/projects/checkout-service");
    await page.getByRole("button", { name: "Switch project" }).click();
    await page.getByRole("menuitem", { name: /payments-api/ }).click();
    await expect(page).toHaveURL(/\/projects\/payments-api$/);
    await expect(page.getByRole("button", { name: "Switch project" })).toContainText("payments-api");
  });

  test("with many projects the switcher's list scrolls, and every one can be reached", async ({ page, context, as }) => {
    const admin = await as("admin");
    const made: string[] = [];
    for (let i = 0; i < 40; i++) made.push((await newProject(admin, `many-${i}-`)).slug);
    await signInContext(context, DEMO.qa);
    await page.goto("/projects/checkout-service");
    await page.getByRole("button", { name: "Switch project" }).click();
    const last = made.sort().at(-1)!;
    await page.getByRole("menuitem", { name: new RegExp(last) }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${last}$`));
  });

  test("an unknown project shows the not-found page", async ({ page, context }) => {
    await signInContext(context, DEMO.qa);
    await page.goto("/projects/no-such-project");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });
});
