import { DEMO, expect, signInContext, test, unique } from "./fixtures";

test.describe("members page", () => {
  test("an admin changes a member's roles and the change persists", async ({ page, context, as }) => {
    const admin = await as("admin");
    const email = `${unique("roles-")}@example.test`;
    await admin.post("/api/v1/members", { data: { name: "Role Changer", email, roles: ["DEVELOPER"] } });

    await signInContext(context, DEMO.admin);
    await page.goto("/members");
    const row = page.getByTestId(`member-${email}`);
    await row.getByRole("button", { name: "Edit roles of Role Changer" }).click();
    const dialog = page.getByRole("dialog", { name: "Roles of Role Changer" });
    await dialog.getByRole("checkbox", { name: /Ops/ }).check();
    await dialog.getByRole("checkbox", { name: /Developer/ }).uncheck();
    await dialog.getByRole("button", { name: "Save roles" }).click();
    await expect(dialog).toBeHidden();
    await expect(row.getByRole("list", { name: "Roles of Role Changer" })).toHaveText("Ops");

    await page.reload();
    await expect(page.getByTestId(`member-${email}`).getByRole("list", { name: "Roles of Role Changer" })).toHaveText("Ops");

    // The demo team joined first: each of them has an avatar colour of their own.
    const demoRows = page.locator('tr[data-testid$="@shiproom.local"]');
    expect(await demoRows.count()).toBeGreaterThanOrEqual(4);
    const colours = await demoRows.evaluateAll((rows) =>
      rows.map((row) => getComputedStyle(row.querySelector("span[aria-hidden]")!).backgroundColor),
    );
    expect(colours.every((colour) => colour !== "rgba(0, 0, 0, 0)")).toBe(true);
    expect(new Set(colours).size).toBe(colours.length);
  });

  test("a member needs at least one role: the dialog says so next to the roles", async ({ page, context, as }) => {
    const admin = await as("admin");
    const email = `${unique("norole-")}@example.test`;
    await admin.post("/api/v1/members", { data: { name: "Some Body", email, roles: ["QA"] } });
    await signInContext(context, DEMO.admin);
    await page.goto("/members");
    await page.getByRole("button", { name: "Edit roles of Some Body" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("checkbox", { name: /QA/ }).uncheck();
    await dialog.getByRole("button", { name: "Save roles" }).click();
    await expect(dialog.getByText("Choose at least one role")).toBeVisible();
  });

  test("an admin adds a member with the keyboard, who can then sign in", async ({ page, context, browser, baseURL }) => {
    await signInContext(context, DEMO.admin);
    await page.goto("/members");
    await page.getByRole("button", { name: "Add member" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a member" });
    const email = `${unique("new-")}@example.test`;
    await dialog.getByLabel("Name", { exact: true }).fill("Nova Newcomer");
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByRole("checkbox", { name: /QA/ }).check();
    await dialog.getByLabel("Temporary password").fill("welcome aboard");
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId(`member-${email}`)).toContainText("Nova Newcomer");

    const theirs = await browser.newContext({ baseURL });
    const theirPage = await theirs.newPage();
    await theirPage.goto("/sign-in");
    await theirPage.getByLabel("Email").fill(email);
    await theirPage.getByLabel("Password").fill("welcome aboard");
    await theirPage.getByRole("button", { name: "Sign in" }).click();
    // The password an admin chose is temporary: the newcomer picks their own before anything else.
    await expect(theirPage.getByRole("alert").filter({ hasText: "An admin set a temporary password" })).toBeVisible();
    await theirPage.goto("/projects");
    await expect(theirPage).toHaveURL(/\/account\?password=required$/);
    await theirPage.getByLabel("Current password").fill("welcome aboard");
    await theirPage.getByLabel("New password", { exact: true }).fill("my own secret");
    await theirPage.getByLabel("New password again").fill("my own secret");
    await theirPage.getByRole("button", { name: "Change password" }).click();
    await expect(theirPage).toHaveURL(/\/projects|\/$/);
    await expect(theirPage.getByTestId("signed-in-as")).toHaveText("Nova Newcomer");
    await theirs.close();
  });

  test("mistakes in the add form are shown next to their fields", async ({ page, context }) => {
    await signInContext(context, DEMO.admin);
    await page.goto("/members");
    await page.getByRole("button", { name: "Add member" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a member" });
    await dialog.getByLabel("Email").fill(DEMO.qa);
    await dialog.getByRole("button", { name: "Add member" }).click();
    await expect(dialog.getByText("Enter a name")).toBeVisible();
    await dialog.getByLabel("Name", { exact: true }).fill("Duplicate");
    await dialog.getByRole("button", { name: "Add member" }).click();
    await expect(dialog.getByText("A member with this email already exists")).toBeVisible();
    await expect(dialog.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  });

  test("a non-admin sees the team but no controls to change it", async ({ page, context }) => {
    await signInContext(context, DEMO.ops);
    await page.goto("/members");
    await expect(page.getByTestId(`member-${DEMO.admin}`)).toBeVisible();
    await expect(page.getByRole("button", { name: "Add member" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Edit roles/ })).toHaveCount(0);
  });
});
