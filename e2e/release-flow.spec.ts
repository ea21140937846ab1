// PRODUCT.md flows 1, 2, 4, 5 and 6, walked by dev, QA, ops and admin in their own browsers,
// each watching the same board: every change shows in every browser without a reload.
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { policyInput } from "@/lib/testing/policies";
import { DEMO, expect, promotionIn, signInContext, test, unique, type DemoRole } from "./fixtures";

async function openBoard(browser: Browser, baseURL: string, role: DemoRole, slug: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  await signInContext(context, DEMO[role]);
  const page = await context.newPage();
  await page.goto(`/projects/${slug}`);
  await expect(page.getByRole("region", { name: "production" })).toBeVisible();
  // A reload would drop this marker: the board must change in place.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  return page;
}

const column = (page: Page, env: string) => page.getByRole("region", { name: env });

async function stillTheSameDocument(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
}

/** A project whose production needs two ops approvals, with v1.3.2 already running everywhere. */
async function projectWithHistory(as: (role: DemoRole) => Promise<APIRequestContext>) {
  const [admin, dev, ops] = [await as("admin"), await as("dev"), await as("ops")];
  const slug = unique("flow-");
  const project = (await (await admin.post("/api/v1/projects", { data: { name: slug, slug, key: unique("W").toUpperCase() } })).json()) as {
    environments: { id: string; name: string; policyVersion: number }[];
  };
  const production = project.environments.find((e) => e.name === "production")!;
  await admin.put(`/api/v1/projects/${slug}/environments/${production.id}/policy`, {
    data: policyInput(production.policyVersion),
  });
  await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.3.2", commitSha: "c4e8a5f019" } });
  await ops.post(`/api/v1/promotions/${await promotionIn(dev, slug, "dev")}/report`, { data: { status: "succeeded" } });
  const staging = (await (
    await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v1.3.2", environment: "staging" } })
  ).json()) as { id: string };
  await ops.post(`/api/v1/promotions/${staging.id}/report`, { data: { status: "succeeded" } });
  const prod = (await (
    await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v1.3.2", environment: "production" } })
  ).json()) as { id: string };
  await ops.post(`/api/v1/promotions/${prod.id}/approve`, { data: {} });
  await admin.post(`/api/v1/promotions/${prod.id}/approve`, { data: {} });
  await ops.post(`/api/v1/promotions/${prod.id}/report`, { data: { status: "succeeded" } });
  return { slug, dev };
}

test("dev, QA and ops ship v1.4.0 to production, then roll back — every browser sees each step live", async ({ browser, baseURL, as }) => {
  test.setTimeout(180_000);
  const { slug, dev: ci } = await projectWithHistory(as);
  const dev = await openBoard(browser, baseURL!, "dev", slug);
  const qa = await openBoard(browser, baseURL!, "qa", slug);
  const ops = await openBoard(browser, baseURL!, "ops", slug);
  const admin = await openBoard(browser, baseURL!, "admin", slug);
  const everyone = [dev, qa, ops, admin];
  for (const page of everyone) await expect(page.getByTestId("running-production")).toHaveText("v1.3.2");

  // Flow 1: CI registers v1.4.0; dev promotes automatically, so it lands on the board in dev.
  expect((await ci.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.4.0", commitSha: "abc1234" } })).status()).toBe(201);
  for (const page of everyone) {
    await expect(column(page, "dev").getByRole("article", { name: /Promotion #/ })).toContainText("v1.4.0");
    await expect(column(page, "dev").getByRole("article", { name: /Promotion #/ })).toContainText("requested by Shiproom");
  }
  await column(ops, "dev").getByRole("button", { name: "Mark succeeded" }).click();
  for (const page of everyone) await expect(page.getByTestId("running-dev")).toHaveText("v1.4.0");

  // Flow 2: the developer promotes it to staging (no approval there); ops deploy it.
  await column(dev, "dev").getByRole("button", { name: "Promote to staging" }).click();
  await expect(column(ops, "staging").getByRole("article")).toContainText("approved");
  await column(ops, "staging").getByRole("button", { name: "Mark deploying" }).click();
  await expect(column(qa, "staging").getByRole("article")).toContainText("deploying");
  await column(ops, "staging").getByRole("button", { name: "Mark succeeded" }).click();
  for (const page of everyone) await expect(page.getByTestId("running-staging")).toHaveText("v1.4.0");

  // Flow 4: production needs two approvals from ops, not by the requester.
  await column(dev, "staging").getByRole("button", { name: "Promote to production" }).click();
  const waitingForQa = column(qa, "production").getByRole("article");
  // Other tests add Ops members of their own: the names listed are checked in the database tests.
  await expect(waitingForQa.locator('[data-gate="approvals"]')).toHaveText(
    /^Approvals: 0 of 2 from Ops — waiting on Ops \(2 more\): .+; approvals come from Ops; you hold none of these roles$/,
  );
  await expect(waitingForQa.locator('[data-gate="previous-success"]')).toHaveText(
    /^Deployed to staging: succeeded (just now|\d+ minutes? ago)$/,
  );
  await expect(column(dev, "production").getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(column(qa, "production").getByRole("button", { name: "Approve" })).toHaveCount(0);
  // It waits on ops: it is in their inbox (other tests' promotions may be there too).
  await expect(ops.getByTestId("inbox-count")).toBeVisible();
  const inboxOf = async (api: APIRequestContext) =>
    ((await (await api.get("/api/v1/inbox")).json()) as { project: { slug: string } }[]).filter((item) => item.project.slug === slug)
      .length;
  const opsApi = await as("ops");
  expect(await inboxOf(opsApi)).toBe(1);
  expect(await inboxOf(await as("qa"))).toBe(0);

  await column(ops, "production").getByRole("button", { name: "Approve" }).click();
  await expect(column(qa, "production").locator('[data-gate="approvals"]')).toContainText("1 of 2 from Ops — waiting on Ops");
  await expect(column(ops, "production").locator('[data-gate="approvals"]')).toContainText("you already approved");
  expect(await inboxOf(opsApi)).toBe(0);
  // The second approval comes with a comment, from the card.
  await column(admin, "production").getByRole("button", { name: "Approval with a comment…" }).click();
  const approval = admin.getByRole("dialog", { name: /^Approve #\d+ v1\.4\.0 → production\?$/ });
  await approval.getByLabel("Comment").fill("Load test looked fine");
  await approval.getByRole("button", { name: "Approve" }).click();
  for (const page of everyone) await expect(column(page, "production").getByRole("article")).toContainText("approved");
  await expect(column(qa, "production").getByRole("list", { name: "Decisions" })).toContainText("“Load test looked fine”");
  await column(ops, "production").getByRole("button", { name: "Mark succeeded" }).click();
  for (const page of everyone) {
    await expect(page.getByTestId("running-production")).toHaveText("v1.4.0");
    await expect(page.getByRole("list", { name: "History of production" }).getByRole("listitem").first()).toContainText("v1.4.0");
  }
  await expect(qa.getByRole("list", { name: "History of production" })).toContainText("superseded");

  // Flow 5: an incident — ops roll production back to v1.3.2, giving a reason.
  await column(ops, "production").getByRole("button", { name: "Roll back…" }).click();
  const dialog = ops.getByRole("dialog", { name: "Roll production back" });
  await dialog.getByLabel("Back to").selectOption("v1.3.2");
  await dialog.getByLabel("Why roll back?").fill("Checkout error rate at 4% since v1.4.0");
  await dialog.getByRole("button", { name: "Roll back" }).click();
  await expect(column(qa, "production").getByRole("article")).toContainText("“Checkout error rate at 4% since v1.4.0”");
  // Ops report the success with the deploy's log and a message; a link that is not http(s) is named.
  await column(ops, "production").getByRole("button", { name: "Report success with a link or a message…" }).click();
  const report = ops.getByRole("dialog", { name: /^Mark #\d+ v1\.3\.2 → production succeeded\?$/ });
  await report.getByLabel("Link").fill("ftp://ci.example.com/deploys/42");
  await report.getByLabel("Message").fill("Back on v1.3.2 in 2 minutes");
  await report.getByRole("button", { name: "Mark succeeded" }).click();
  await expect(report.getByText("url must be an http(s) URL")).toBeVisible();
  await report.getByLabel("Link").fill("https://ci.example.com/deploys/42");
  await report.getByRole("button", { name: "Mark succeeded" }).click();
  await expect(report).toBeHidden();
  // What runs in production shows the report's message and link, and who requested the rollback.
  const running = column(qa, "production").getByRole("group", { name: "Running in production" });
  await expect(running).toContainText("requested by Olive Ops");
  const reported = running.getByTestId("deploy-report");
  await expect(reported).toContainText("Back on v1.3.2 in 2 minutes");
  await expect(reported.getByRole("link", { name: /Deploy log/ })).toHaveAttribute("href", "https://ci.example.com/deploys/42");
  for (const page of everyone) {
    await expect(page.getByTestId("running-production")).toHaveText("v1.3.2");
    await expect(column(page, "production").getByRole("group", { name: "Running in production" })).toContainText("rollback");
  }
  for (const page of everyone) await stillTheSameDocument(page);
  await expect(qa.getByRole("list", { name: "History of production" })).toContainText(
    "rolled back by Olive Ops: Checkout error rate at 4% since v1.4.0",
  );
  // A board open since before these changes offers today's roll-back targets, the newest chosen,
  // never the release that now runs (the dialog once kept the target of when the board loaded).
  await column(admin, "production").getByRole("button", { name: "Roll back…" }).click();
  const again = admin.getByRole("dialog", { name: "Roll production back" });
  const backTo = again.getByLabel("Back to");
  const newest = await backTo.locator("option").first().getAttribute("value");
  await expect(backTo).toHaveValue(newest!);
  expect(newest).not.toBe("v1.3.2");
  await expect(backTo.locator("option").filter({ hasText: /^v1\.3\.2 / })).toHaveCount(0);
  await again.getByRole("button", { name: "Back", exact: true }).click();
  await expect(again).toBeHidden();

  // Flow 6: the release's timeline tells who did what, when and why.
  await dev.goto(`/projects/${slug}/releases/v1.4.0`);
  await expect(dev.getByRole("list", { name: "Pipeline" })).toContainText(
    "Rolled back from production by Olive Ops: Checkout error rate at 4% since v1.4.0",
  );
  const timeline = dev.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText("Dana Developer registered release v1.4.0");
  await expect(timeline).toContainText("Shiproom requested promotion");
  await expect(timeline).toContainText("Olive Ops approved");
  await expect(timeline).toContainText("Ari Admin approved");
  await expect(timeline).toContainText("Olive Ops deployed v1.4.0 to production");
  // Shiproom took it out, when Olive reported the rollback's success.
  await expect(timeline).toContainText(
    /Shiproom took #\d+ \(v1\.4\.0 → production\) out: production was rolled back to v1\.3\.2, after a step by Olive Ops/,
  );
  await dev.getByLabel("Add to the discussion").fill("Rolled back: the error rate came from the new tax service.");
  await dev.getByRole("button", { name: "Comment" }).click();
  await expect(timeline).toContainText("Rolled back: the error rate came from the new tax service.");

  await ops.goto(`/projects/${slug}/releases/v1.3.2`);
  await expect(ops.getByRole("list", { name: "Timeline" })).toContainText("Olive Ops rolled production back to v1.3.2");
  await expect(ops.getByRole("list", { name: "Timeline" })).toContainText("Checkout error rate at 4% since v1.4.0");
});

test("whoever requests a promotion cannot approve it, and is told so on the board", async ({ browser, baseURL, as }) => {
  const ARTIFACT = "ghcr.io/acme/shop-checkout-service-with-a-long-name:2.0.0-rc.1-build.4711";
  const { slug } = await projectWithHistory(as);
  const dev = await as("dev");
  await dev.post(`/api/v1/projects/${slug}/releases`, {
    data: { version: "v2.0.0", commitSha: "abcdef9012", artifactRef: ARTIFACT },
  });
  const ops = await as("ops");
  await ops.post(`/api/v1/promotions/${await promotionIn(dev, slug, "dev")}/report`, { data: { status: "succeeded" } });
  const staging = (await (
    await ops.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v2.0.0", environment: "staging" } })
  ).json()) as { id: string };
  await ops.post(`/api/v1/promotions/${staging.id}/report`, { data: { status: "succeeded" } });

  const page = await openBoard(browser, baseURL!, "ops", slug);
  await column(page, "staging").getByRole("button", { name: "Promote to production" }).click();
  const card = column(page, "production").getByRole("article");
  await expect(card.locator('[data-gate="approvals"]')).toHaveText(
    /^Approvals: 0 of 2 from Ops — waiting on Ops \(2 more\): .+; you cannot approve your own request$/,
  );
  await expect(card.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(card.getByRole("button", { name: "Cancel" })).toBeVisible();
  // The card says exactly what an approval would deploy; the staging card, what ran there, does not.
  // The commit comes first and shows whole; a long artifact reference gives way to it.
  await expect(card.getByTestId("what-deploys")).toHaveText(`Deploys commit abcdef9 as ${ARTIFACT}`);
  const inside = async () => {
    const [line, commit] = await Promise.all([
      card.getByTestId("what-deploys").boundingBox(),
      card.getByTestId("what-deploys-commit").boundingBox(),
    ]);
    return commit!.x + commit!.width <= line!.x + line!.width + 0.5;
  };
  expect(await inside()).toBe(true);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await inside()).toBe(true);
  await page.setViewportSize({ width: 1366, height: 900 });
  await expect(column(page, "staging").getByTestId("what-deploys")).toHaveCount(0);
  await expect(card.locator('[data-gate="previous-success"]')).toHaveText(/^Deployed to staging: succeeded (just now|\d+ minutes? ago)$/);

  // Abandoning a release that runs somewhere warns first: it keeps running.
  await page.goto(`/projects/${slug}/releases/v2.0.0`);
  await page.getByRole("button", { name: "Abandon" }).click();
  await expect(page.getByRole("dialog", { name: "Abandon v2.0.0?" }).getByRole("alert")).toHaveText(
    "v2.0.0 runs in dev and runs in staging now. Abandoning it does not take it out: roll those environments back to stop it.",
  );
});

test("a rejection needs a reason, given next to the field", async ({ browser, baseURL, as }) => {
  const { slug } = await projectWithHistory(as);
  const dev = await as("dev");
  const ops = await as("ops");
  await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v3.0.0", commitSha: "abcdef8" } });
  await ops.post(`/api/v1/promotions/${await promotionIn(dev, slug, "dev")}/report`, { data: { status: "succeeded" } });
  const staging = (await (
    await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v3.0.0", environment: "staging" } })
  ).json()) as { id: string };
  await ops.post(`/api/v1/promotions/${staging.id}/report`, { data: { status: "succeeded" } });
  await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v3.0.0", environment: "production" } });

  const page = await openBoard(browser, baseURL!, "ops", slug);
  await column(page, "production").getByRole("button", { name: "Reject" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(dialog.getByText("Say why you reject it")).toBeVisible();
  await dialog.getByLabel("Why do you reject it?").fill("Load test failed in staging");
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByRole("list", { name: "History of production" })).toContainText("rejected");
});
