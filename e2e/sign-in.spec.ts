import { apiAs, DEMO, expect, PASSWORD, signInContext, test, unique } from "./fixtures";

const members = [
  { email: DEMO.dev, name: "Dana Developer", roles: "Developer" },
  { email: DEMO.qa, name: "Quinn QA", roles: "QA" },
  { email: DEMO.ops, name: "Olive Ops", roles: "Ops" },
  { email: DEMO.admin, name: "Ari Admin", roles: "Ops · Admin" },
];

test.describe("signing in", () => {
  for (const member of members) {
    test(`${member.email} signs in on the sign-in page and lands in the app as ${member.roles}`, async ({ page }) => {
      await page.goto("/");
      await expect(page).toHaveURL(/\/sign-in/);
      await page.getByLabel("Email").fill(member.email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/projects\/[a-z0-9-]+$/);
      await expect(page.getByTestId("signed-in-as")).toHaveText(member.name);
      await expect(page.getByRole("complementary").getByText(member.roles, { exact: true })).toBeVisible();
    });
  }

  test("a wrong password and an unknown email get the same message", async ({ page }) => {
    const message = "That email and password do not match an account.";
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(DEMO.admin);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText(message)).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);

    await page.getByLabel("Email").fill("nobody@shiproom.local");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText(message)).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue("nobody@shiproom.local");
  });

  test("an empty form is answered next to the fields", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter an email address")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  });

  test("the demo accounts are offered on the sign-in page in demo mode", async ({ page }) => {
    await page.goto("/sign-in");
    const demo = page.getByRole("region", { name: "Demo team" });
    for (const email of Object.values(DEMO)) await expect(demo.getByText(email)).toBeVisible();
    await demo.getByRole("button", { name: `Use ${DEMO.qa}` }).click();
    await expect(page.getByLabel("Email")).toHaveValue(DEMO.qa);
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Quinn QA");
  });

  test("a signed-out visitor is sent to sign in, then back to the page they asked for", async ({ page }) => {
    await page.goto("/members");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fmembers/);
    await page.getByLabel("Email").fill(DEMO.ops);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/members$/);
    await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  });

  test("signing out ends the session, also for a copy of its cookie", async ({ page, context, browser, baseURL }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(DEMO.dev);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signed-in-as")).toBeVisible();
    const copied = await browser.newContext({ baseURL, storageState: await context.storageState() });
    const copyPage = await copied.newPage();
    await copyPage.goto("/projects");
    await expect(copyPage.getByTestId("signed-in-as")).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/projects");
    await expect(page).toHaveURL(/\/sign-in/);
    await copyPage.goto("/projects");
    await expect(copyPage).toHaveURL(/\/sign-in/);
    await copied.close();
  });

  test("a member sees where they are signed in and signs another browser out", async ({ page, context, browser, baseURL, as }) => {
    // A member of its own: signing out "everywhere else" must not touch other tests' sessions.
    const email = `${unique("where-")}@example.test`;
    await (await as("admin")).post("/api/v1/members", { data: { name: "Wanda Where", email, roles: ["QA"], password: "temporary pass" } });
    const setup = await apiAs(baseURL!, email, "temporary pass");
    await setup.post("/api/v1/me/password", { data: { currentPassword: "temporary pass", newPassword: "wanda's own" } });
    await setup.dispose();
    await signInContext(context, email, "wanda's own");
    const elsewhere = await browser.newContext({ baseURL });
    await signInContext(elsewhere, email, "wanda's own");
    const elsewherePage = await elsewhere.newPage();
    await elsewherePage.goto("/projects");
    await expect(elsewherePage.getByTestId("signed-in-as")).toHaveText("Wanda Where");

    await page.goto("/projects");
    await page.getByRole("link", { name: /Wanda Where/ }).click();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    const sessions = page.getByRole("list", { name: "Sessions" });
    await expect(sessions.getByText("This browser")).toHaveCount(1);
    const others = sessions.getByRole("button", { name: /^Sign out / });
    expect(await others.count()).toBeGreaterThanOrEqual(1);
    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(page.getByText(/other sessions? signed out/)).toBeVisible();
    await expect(others).toHaveCount(0);
    await elsewherePage.goto("/projects");
    await expect(elsewherePage).toHaveURL(/\/sign-in/);
    await page.goto("/projects");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Wanda Where");
    await elsewhere.close();
  });
});
