// PRODUCT.md flow 3: QA runs the release on staging with manual and automated results side by
// side, signs it off, and the production promotion's sign-off gate turns green on ops' board.
import { DEMO, expect, hydrated, newProject, newRun, promotionIn, signInContext, test, unique } from "./fixtures";

test("QA runs v2.0.0 on staging, a case fails and is retested, QA signs off, and production's gate turns green on ops' board", async ({
  browser,
  baseURL,
  as,
}) => {
  test.setTimeout(180_000);
  const [admin, dev, ops, qaApi] = [await as("admin"), await as("dev"), await as("ops"), await as("qa")];
  const slug = unique("qa-flow-");
  const project = (await (await admin.post("/api/v1/projects", { data: { name: slug, slug, key: unique("Q").toUpperCase() } })).json()) as {
    key: string;
  };

  // The library: three manual cases in a suite.
  const suites = (await (await qaApi.post(`/api/v1/projects/${slug}/suites`, { data: { name: "Checkout" } })).json()) as { id: string }[];
  const titles = ["Add an item to the cart", "A discount code reduces the total", "Pay with a saved card"];
  for (const title of titles) {
    expect(
      (
        await qaApi.post(`/api/v1/projects/${slug}/cases`, {
          data: { title, suiteId: suites[0]!.id, steps: [{ action: `Do: ${title}`, expected: "It works" }] },
        })
      ).status(),
    ).toBe(201);
  }
  // v2.0.0 is in staging; its production promotion has ops' approval and waits on QA.
  await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v2.0.0", commitSha: "abcdef1234" } });
  await ops.post(`/api/v1/promotions/${await promotionIn(dev, slug, "dev")}/report`, { data: { status: "succeeded" } });
  const staging = (await (
    await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v2.0.0", environment: "staging" } })
  ).json()) as { id: string };
  await ops.post(`/api/v1/promotions/${staging.id}/report`, { data: { status: "succeeded" } });
  const production = (await (
    await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v2.0.0", environment: "production" } })
  ).json()) as { id: string };
  await ops.post(`/api/v1/promotions/${production.id}/approve`, { data: {} });

  const opsContext = await browser.newContext({ baseURL });
  await signInContext(opsContext, DEMO.ops);
  const board = await opsContext.newPage();
  await board.goto(`/projects/${slug}`);
  const gate = board.getByRole("region", { name: "production" }).locator('[data-gate="sign-off"]');
  await expect(gate).toContainText("QA sign-off on staging: no test run of v2.0.0 on staging yet");
  await expect(gate).toHaveAttribute("data-status", "waiting");

  const qaContext = await browser.newContext({ baseURL });
  await signInContext(qaContext, DEMO.qa);
  const qa = await qaContext.newPage();

  // QA builds the run from all cases.
  await qa.goto(`/projects/${slug}/runs`);
  await qa.getByRole("button", { name: "New run" }).click();
  const dialog = qa.getByRole("dialog", { name: "New test run" });
  await dialog.getByLabel("Release", { exact: true }).fill("v2.0.0");
  await dialog.getByLabel("Environment").selectOption("staging");
  await dialog.getByLabel("All active cases").check();
  await dialog.getByRole("button", { name: "Create run" }).click();
  await expect(qa.getByRole("progressbar", { name: "Run progress" })).toHaveAttribute("aria-valuetext", "0 of 3 executed: 3 untested");
  await expect(gate).toContainText("3 untested, not signed");

  // CI's JUnit report: one test names the first case explicitly, one is new and names its screenshot.
  const report = `<testsuites><testsuite name="checkout"><testcase classname="checkout" name="adds an item" time="0.2"><properties><property name="shiproom.case" value="${project.key}-1"/></properties></testcase><testcase classname="checkout" name="computes tax" time="0.1"><system-out>[[ATTACHMENT|shots/tax.png]]</system-out></testcase></testsuite></testsuites>`;
  const picker = qa.getByLabel("JUnit XML reports and the files they name");
  // A file alone is refused at once, pointing to the report it goes with; nothing is sent.
  await picker.setInputFiles({ name: "tax.png", mimeType: "image/png", buffer: Buffer.from("not really a png") });
  await expect(qa.getByText(/^tax\.png: pick the JUnit report \(\.xml\) with the files it names/)).toBeVisible();
  // The report with its screenshot and a file it does not name: the screenshot goes with it, the other is not sent.
  await picker.setInputFiles([
    { name: "junit.xml", mimeType: "application/xml", buffer: Buffer.from(report) },
    { name: "tax.png", mimeType: "image/png", buffer: Buffer.from("not really a png") },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("stray") },
  ]);
  await expect(qa.getByText("notes.txt: no report picked names it, so not sent.")).toBeVisible();
  await expect(
    qa.getByText("junit.xml: 2 tests — 2 passed, 0 failed, 0 errors, 0 skipped, 0 flaky; 1 case matched, 1 created; 1 attachment stored"),
  ).toBeVisible();
  await expect(qa.getByRole("progressbar", { name: "Run progress" })).toHaveAttribute(
    "aria-valuetext",
    "2 of 4 executed: 2 passed, 2 untested",
  );

  // QA executes the manual cases: the discount fails, is fixed and retested.
  await qa.getByRole("link", { name: "Execute" }).click();
  await expect(qa.getByLabel(`Executing ${project.key}-2`)).toBeVisible();
  await qa.getByLabel("Note").fill("The total is not updated after applying SAVE10");
  await qa.getByRole("button", { name: /^Fail/ }).click();
  await expect(qa.getByText(`${project.key}-2: failed`)).toBeVisible();
  await expect(qa.getByLabel(`Executing ${project.key}-3`)).toBeVisible();
  await qa
    .getByRole("list", { name: "Cases in this run" })
    .getByRole("button", { name: new RegExp(`${project.key}-3`) })
    .focus();
  await qa.keyboard.press("p");
  await expect(gate).toContainText("1 failed, not signed");

  await qa
    .getByRole("list", { name: "Cases in this run" })
    .getByRole("button", { name: new RegExp(`${project.key}-2`) })
    .click();
  await expect(qa.getByLabel(`Executing ${project.key}-2`)).toBeVisible();
  await qa.keyboard.press("p");
  await qa
    .getByRole("list", { name: "Cases in this run" })
    .getByRole("button", { name: new RegExp(`${project.key}-2`) })
    .click();
  const history = qa.getByRole("list", { name: "History" });
  await expect(history.getByRole("listitem")).toHaveCount(2);
  await expect(history.getByRole("listitem").first()).toContainText("The total is not updated after applying SAVE10");

  // QA signs off: every case passed, so no waiver is needed.
  await qa.getByRole("link", { name: /Run #\d+/ }).click();
  await expect(qa.getByRole("progressbar", { name: "Run progress" })).toHaveAttribute("aria-valuetext", "4 of 4 executed: 4 passed");
  await qa.getByRole("button", { name: "Sign off or block…" }).click();
  const signOff = qa.getByRole("dialog");
  await signOff.getByLabel("Comment").fill("Retested the discount fix: all pass");
  await signOff.getByRole("button", { name: "Sign off" }).click();
  await expect(qa.getByLabel("Sign-off")).toContainText("Signed off by Quinn QA");

  // On ops' board, without a reload: the gate is green and production is approved.
  await expect(gate).toHaveAttribute("data-status", "passed");
  await expect(gate).toContainText("signed off by Quinn QA");
  await expect(board.getByRole("region", { name: "production" }).getByRole("article")).toContainText("approved");
  await Promise.all([opsContext.close(), qaContext.close()]);
});

test("a failed case must be waived with a reason to sign off, and a later change voids the sign-off", async ({ browser, baseURL, as }) => {
  const [admin, qaApi] = [await as("admin"), await as("qa")];
  const made = await newRun(
    admin,
    qaApi,
    "waive-",
    ["One", "Two"].map((title) => ({ title, tags: ["smoke"] })),
    { tags: ["smoke"] },
  );
  const { slug, results } = made;
  const run = { id: made.runId };
  await qaApi.put(`/api/v1/runs/${run.id}/results/${results[0]!.id}`, { data: { status: "PASSED" } });
  await qaApi.put(`/api/v1/runs/${run.id}/results/${results[1]!.id}`, { data: { status: "FAILED", note: "known" } });

  const context = await browser.newContext({ baseURL });
  await signInContext(context, DEMO.qa);
  const page = await context.newPage();
  await page.goto(`/projects/${slug}/runs/${run.id}`);
  await page.getByRole("button", { name: "Sign off or block…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Comment").fill("Good enough");
  await dialog.getByRole("button", { name: "Sign off" }).click();
  await expect(dialog.getByText(/must each be waived with a reason/)).toBeVisible();
  await dialog.getByLabel(`Waiver reason for ${results[1]!.caseKey}`).fill("Cosmetic, fixed next sprint");
  await dialog.getByRole("button", { name: "Sign off" }).click();
  await expect(page.getByRole("list", { name: "Waivers" })).toContainText(`Waived ${results[1]!.caseKey} Two: Cosmetic, fixed next sprint`);

  // Someone changes a result afterwards: the sign-off is voided, visibly.
  await qaApi.put(`/api/v1/runs/${run.id}/results/${results[0]!.id}`, { data: { status: "FAILED", note: "regressed" } });
  const card = page.getByLabel("Sign-off");
  await expect(card).toContainText(/Voided .*changed from passed to failed/);
  // What no longer stands says so first; the decision it voided follows as history, its waivers no longer in force.
  await expect(card.locator("p").first()).toContainText("Voided");
  await expect(card).toContainText("Was: Signed off by Quinn QA");
  await expect(page.getByRole("list", { name: "Waivers no longer in force" })).toContainText(`Waived ${results[1]!.caseKey}`);
  await expect(page.getByRole("list", { name: "Waivers", exact: true })).toHaveCount(0);
  await context.close();
});

test("QA fails a manual case, links its Jira issue, and the next run shows it as a known issue", async ({ browser, baseURL, as }) => {
  const [admin, qaApi] = [await as("admin"), await as("qa")];
  const { slug, runId: first, results } = await newRun(admin, qaApi, "defect-", [{ title: "Card payment goes through" }]);
  const [result] = results;
  const nextRun = async () =>
    (
      (await (
        await qaApi.post(`/api/v1/projects/${slug}/runs`, { data: { release: "v1", environment: "staging", all: true } })
      ).json()) as { id: string }
    ).id;

  const context = await browser.newContext({ baseURL });
  await signInContext(context, DEMO.qa);
  const page = await context.newPage();
  await page.goto(`/projects/${slug}/runs/${first}/execute?result=${result!.id}`);
  const panel = page.getByRole("region", { name: `Executing ${result!.caseKey}` });
  const recorded = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().includes(`/results/${result!.id}`));
  await panel.getByRole("button", { name: /^Fail/ }).click();
  expect((await recorded).status()).toBe(200);

  const field = panel.getByLabel(`Issue URL for ${result!.caseKey}`);
  await field.fill("javascript:alert(1)");
  await field.press("Enter");
  await expect(panel.getByText("Only http and https addresses can be linked")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await field.fill("https://acme.atlassian.net/browse/PROJ-42");
  await field.press("Enter");
  const linked = panel.getByRole("link", { name: "PROJ-42" });
  await expect(linked).toHaveAttribute("href", "https://acme.atlassian.net/browse/PROJ-42");
  await expect(linked).toHaveAttribute("target", "_blank");
  await expect(linked).toHaveAttribute("rel", "noopener noreferrer");

  // The next run of the case shows it as a known issue, on the run page and beside the waivers.
  const next = await nextRun();
  await page.goto(`/projects/${slug}/runs/${next}`);
  const row = page.getByTestId(`result-${result!.caseKey}`);
  await expect(row).toContainText("known issue: PROJ-42");
  await page.getByRole("button", { name: "Sign off or block…" }).click();
  await expect(page.getByRole("dialog")).toContainText("known issue: PROJ-42");
  await context.close();
});

test("cases a JUnit report made read like cases, in suites from their classnames, and the New run dialog shows the suites as a tree", async ({
  page,
  context,
  as,
}) => {
  const [admin, qa] = [await as("admin"), await as("qa")];
  const slug = unique("junit-tree-");
  await admin.post("/api/v1/projects", { data: { name: slug, slug, key: unique("J").toUpperCase() } });
  await admin.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.0.0", commitSha: "abcdef1234" } });
  const report = `<testsuites>
    <testsuite name="pytest"><testcase classname="tests.checkout.test_cart" name="test_update_quantity"/>
    <testcase classname="tests.checkout.test_pay" name="testAddCard"/><testcase classname="tests.login.test_form" name="test_valid_login"/></testsuite>
  </testsuites>`;
  const upload = await qa.post(`/api/v1/projects/${slug}/results?release=v1.0.0&environment=staging`, {
    headers: { "content-type": "application/xml" },
    data: report,
  });
  expect(upload.status()).toBe(200);

  await signInContext(context, DEMO.qa);
  await page.goto(`/projects/${slug}/cases`);
  await expect(page.getByRole("link", { name: /-1Update quantity$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /-2Add card$/ })).toBeVisible();

  await page.goto(`/projects/${slug}/runs`);
  await page.getByRole("button", { name: "New run" }).click();
  const dialog = page.getByRole("dialog", { name: "New test run" });
  const suite = (name: string) => dialog.getByRole("checkbox", { name: new RegExp(`^${name} \\d`) });
  // Depth first: Checkout, its Cart and Pay indented under it, then Login and its Form.
  const order = await dialog.locator("label:has(input[type=checkbox])").allInnerTexts();
  expect(order.map((text) => text.replace(/\s*\d+$/, "").trim())).toEqual(["Checkout", "Cart", "Pay", "Login", "Form"]);
  const left = async (name: string) => (await suite(name).boundingBox())!.x;
  expect(await left("Cart")).toBeGreaterThan(await left("Checkout"));
  expect(await left("Pay")).toBe(await left("Cart"));
  expect(await left("Login")).toBe(await left("Checkout"));
  expect(await left("Form")).toBe(await left("Cart"));
  // Choosing Checkout brings its sub-suites.
  await suite("Checkout").check();
  await expect(suite("Cart")).toBeChecked();
  await expect(suite("Cart")).toBeDisabled();
  await expect(suite("Login")).not.toBeChecked();
});

test("a new run tests any release of the project, not only the newest page of them", async ({ browser, baseURL, as }) => {
  const [admin, dev, qaApi] = [await as("admin"), await as("dev"), await as("qa")];
  const { slug } = await newProject(admin, "old-release-");
  expect((await qaApi.post(`/api/v1/projects/${slug}/cases`, { data: { title: "Smoke" } })).status()).toBe(201);
  for (let i = 1; i <= 27; i++)
    expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: `v1.${i}`, commitSha: "abcdef1234" } })).status()).toBe(
      201,
    );

  const context = await browser.newContext({ baseURL });
  await signInContext(context, DEMO.qa);
  const page = await context.newPage();
  await page.goto(`/projects/${slug}/runs`);
  const open = page.getByRole("button", { name: "New run" });
  await hydrated(open);
  await open.click();
  const dialog = page.getByRole("dialog", { name: "New test run" });
  const release = dialog.getByLabel("Release", { exact: true });
  await release.fill("v1.1");
  // v1.1 is older than the newest 25, and still suggested.
  await expect(dialog.locator('datalist option[value="v1.1"]')).toHaveCount(1);
  await dialog.getByLabel("All active cases").check();
  await dialog.getByRole("button", { name: "Create run" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("v1.1 on staging");
  await context.close();
});
