import { startReceiver } from "@/lib/testing/receiver";
import { gitRepository } from "./changes-scenario";
import { DEMO, expect, hydrated, newProject, signInContext, test, tokenClient } from "./fixtures";

test.describe("project settings", () => {
  test("an admin makes a token for a pipeline, sees its secret once, the pipeline uses it, and the admin revokes it", async ({
    page,
    context,
    as,
    baseURL,
  }) => {
    const { slug } = await newProject(await as("admin"), "set-");
    await signInContext(context, DEMO.admin);
    await page.goto(`/projects/${slug}/settings`);
    await expect(page.getByText("No API tokens yet")).toBeVisible();

    await page.getByRole("button", { name: "New token" }).click();
    const dialog = page.getByRole("dialog", { name: "New API token" });
    await dialog.getByRole("button", { name: "Make token" }).click();
    await expect(dialog.getByText("Name the token")).toBeVisible();
    await dialog.getByLabel("Name").fill("GitLab CI");
    await dialog.getByRole("checkbox", { name: /results:write/ }).uncheck();
    await dialog.getByRole("button", { name: "Make token" }).click();

    const reveal = page.getByRole("dialog", { name: "Your new API token" });
    const secret = (await reveal.getByTestId("revealed-secret").textContent())!;
    expect(secret).toMatch(/^shr_/);
    await reveal.getByRole("button", { name: "Done" }).click();
    const row = page.getByTestId("token-GitLab CI");
    await expect(row).toContainText("read");
    await expect(row).toContainText("releases:write");
    await expect(row).not.toContainText("results:write");
    await expect(row).toContainText("Never");
    await expect(page.getByText(secret)).toHaveCount(0);

    const pipeline = await tokenClient(baseURL!, secret);
    expect((await pipeline.get(`/api/v1/projects/${slug}/board`)).status()).toBe(200);
    await page.reload();
    await expect(page.getByTestId("token-GitLab CI")).not.toContainText("Never");

    page.once("dialog", (confirm) => void confirm.accept());
    await page.getByTestId("token-GitLab CI").getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByTestId("token-GitLab CI")).toContainText("revoked");
    expect((await pipeline.get(`/api/v1/projects/${slug}/board`)).status()).toBe(401);
    await pipeline.dispose();
  });

  test("an admin adds a Slack webhook, sends a test event and sees it delivered in the log", async ({ page, context, as }) => {
    const receiver = await startReceiver([200]);
    try {
      const { slug } = await newProject(await as("admin"), "set-hook-");
      await signInContext(context, DEMO.admin);
      await page.goto(`/projects/${slug}/settings`);
      await page.getByRole("button", { name: "New webhook" }).click();
      const dialog = page.getByRole("dialog", { name: "New webhook" });
      await dialog.getByLabel("Name").fill("Release chat");
      await dialog.getByLabel("URL").fill(receiver.url);
      await dialog.getByLabel("Format").selectOption("SLACK");
      await dialog.getByRole("checkbox", { name: /A release is registered/ }).check();
      await dialog.getByRole("button", { name: "Add webhook" }).click();
      await page.getByRole("dialog", { name: "The webhook's signing secret" }).getByRole("button", { name: "Done" }).click();

      const hook = page.getByTestId("webhook-Release chat");
      await expect(hook).toContainText("Slack");
      await hook.getByRole("button", { name: "Test" }).click();
      const delivery = page.getByTestId("delivery-ping");
      await expect(delivery).toContainText("delivered");
      await delivery.getByRole("button", { name: /ping/ }).click();
      await expect(page.getByText(/Attempt 1: HTTP 200/)).toBeVisible();
      expect(JSON.parse(receiver.received[0]!.body)).toHaveProperty("text");
    } finally {
      await receiver.close();
    }
  });

  test("people who are not admins see no settings in the navigation and no tokens on the page", async ({ page, context }) => {
    await signInContext(context, DEMO.ops);
    await page.goto("/projects/checkout-service");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toHaveCount(0);
    await page.goto("/projects/checkout-service/settings");
    await expect(page.getByText("Only admins manage tokens and webhooks")).toBeVisible();
  });

  test("the API reference lists every operation with the token scope it needs", async ({ page, context }) => {
    await signInContext(context, DEMO.dev);
    await page.goto("/api-docs");
    await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
    const create = page.locator("#createRelease");
    await expect(create).toContainText("/api/v1/projects/{slug}/releases");
    await expect(create).toContainText("token scope: releases:write");
    await expect(create.getByRole("cell", { name: "commitSha*" })).toBeVisible();
    await expect(page.locator("#approvePromotion")).toContainText("people only");
  });

  test("an admin lists the deploy targets pipelines may set, and a wrong line is named next to the field", async ({
    page,
    context,
    as,
  }) => {
    const { slug } = await newProject(await as("admin"), "set-tgt-");
    await signInContext(context, DEMO.admin);
    await page.goto(`/projects/${slug}/settings`);
    const field = page.getByLabel("Allowed URL prefixes and repositories");
    await field.fill("https://deploy.example.com/hooks\next::sh -c id");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Line 2: Not a URL prefix or a repository: git transports such as ext:: are not allowed")).toBeVisible();
    await field.fill("https://deploy.example.com/hooks\ngit@github.com:acme/");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Allowed deploy targets saved")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Allowed URL prefixes and repositories")).toHaveValue(
      "https://deploy.example.com/hooks\ngit@github.com:acme/",
    );
  });

  test("an admin names the project's repository; one the server may not read is refused next to the field; whether it reads is said at once", async ({
    page,
    context,
    as,
  }) => {
    const { slug } = await newProject(await as("admin"), "set-repo-");
    await signInContext(context, DEMO.admin);
    await page.goto(`/projects/${slug}/settings`);
    const field = page.getByLabel("Repository URL or path");
    await hydrated(field);
    await field.fill("/etc/shiproom");
    await page.getByRole("button", { name: "Set repository" }).click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(/Not usable from Shiproom: local repositories must be under/)).toBeVisible();
    // No such host (RFC 2606's .invalid): saved, and said at once that it cannot be read.
    await field.fill("https://git.invalid/acme/checkout.git");
    await page.getByRole("button", { name: "Set repository" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved, but" })).toHaveText(
      "Saved, but Shiproom could not read it: the server could not reach it.",
    );
    // A real repository (under the folder the server allows): read, its branches counted.
    const repo = gitRepository();
    await field.fill(repo.dir);
    await page.getByRole("button", { name: "Set repository" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toHaveText("Saved. Shiproom read it: 1 branch.");
    await page.reload();
    await expect(page.getByLabel("Repository URL or path")).toHaveValue(repo.dir);
  });
});
