// Attachments in the browser: QA fails a manual result and pastes a screenshot, which shows inline
// and in the result's history; a log chosen with the button downloads; a file too large is refused
// next to the drop zone; removal asks first. Also on the case page, and at 390 px wide.
import { expect, signInContext, test, DEMO, hydrated, newRun } from "./fixtures";

const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

test("QA fails a manual result, pastes a screenshot that shows inline, and attaches a log that downloads", async ({
  browser,
  baseURL,
  as,
}) => {
  // Long: a 20 MB file goes to the browser for the size check, while other specs share the server.
  test.setTimeout(180_000);
  const [admin, qaApi] = [await as("admin"), await as("qa")];
  const { slug, runId, results } = await newRun(admin, qaApi, "attach-", [{ title: "Card payment goes through" }]);
  const run = { id: runId };
  const [result] = results;
  const made = { key: result!.caseKey };

  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  await signInContext(context, DEMO.qa);
  const page = await context.newPage();
  await page.goto(`/projects/${slug}/runs/${run.id}/execute?result=${result!.id}`);
  const panel = page.getByRole("region", { name: `Executing ${result!.caseKey}` });
  await hydrated(panel);
  const recorded = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().includes(`/results/${result!.id}`));
  await panel.getByRole("button", { name: /^Fail/ }).click();
  expect((await recorded).status()).toBe(200);

  const files = panel.getByRole("list", { name: `Files of ${result!.caseKey}` });
  await expect(panel.getByText("No files attached.")).toBeVisible();

  // A screenshot pasted from the clipboard (as a browser hands it over: an image file named image.png).
  const uploaded = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/attachments"));
  await page.evaluate((base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], "image.png", { type: "image/png" }));
    document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, PNG_BASE64);
  expect((await uploaded).status()).toBe(201);
  const thumbnail = files.getByRole("img", { name: /^screenshot-.*\.png$/ });
  await expect(thumbnail).toBeVisible();
  // The image really loaded (a broken one has no natural width).
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  const full = await thumbnail.evaluate((img: HTMLImageElement) => img.closest("a")!.href);
  const opened = await context.request.get(full);
  expect(opened.headers()).toMatchObject({ "content-type": "image/png", "x-content-type-options": "nosniff" });
  expect(opened.headers()["content-disposition"]).toMatch(/^inline; filename="screenshot-.*\.png"$/);

  // A log chosen with the button (the file input behind it) is listed and downloads as a file.
  await panel.getByLabel(`Attach files to ${result!.caseKey}`).setInputFiles({
    name: "console.log",
    mimeType: "text/plain",
    buffer: Buffer.from("TypeError: card is undefined\n    at pay (checkout.js:42)\n"),
  });
  const logLink = files.getByRole("link", { name: "console.log" });
  await expect(logLink).toBeVisible();
  await expect(files.getByText(/^57 bytes · Quinn QA/)).toBeVisible();
  const downloading = page.waitForEvent("download");
  await logLink.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("console.log");
  const fs = await import("node:fs/promises");
  expect(await fs.readFile((await download.path())!, "utf8")).toContain("TypeError: card is undefined");

  // The result's history tells of both.
  const history = panel.getByRole("list", { name: "History" });
  await expect(history).toContainText(/attached screenshot-.*\.png by Quinn QA/);
  await expect(history).toContainText("attached console.log by Quinn QA");

  // Too large: refused next to the drop zone before anything is sent.
  await panel.getByLabel(`Attach files to ${result!.caseKey}`).setInputFiles({
    name: "huge.bin",
    mimeType: "application/octet-stream",
    buffer: Buffer.alloc(20 * 1024 * 1024 + 1),
  });
  await expect(panel.getByRole("alert")).toHaveText("huge.bin: An attachment holds at most 20 MB.");

  // Removal asks first; focus goes back to the page; the history keeps it.
  await files.getByRole("button", { name: "Remove console.log" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove console.log?" });
  await dialog.getByRole("button", { name: "Remove" }).click();
  await expect(dialog).toBeHidden();
  await expect(files.getByRole("link", { name: "console.log" })).toBeHidden();
  await expect(history).toContainText("removed console.log by Quinn QA");

  // Nothing scrolls sideways at 390 px.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // On the case page, with the keyboard: the button opens the file picker.
  await page.goto(`/projects/${slug}/cases/${made.key}`);
  const section = page.getByRole("region", { name: `Attachments of ${made.key}` });
  await hydrated(section);
  const chooser = page.waitForEvent("filechooser");
  await section.getByRole("button", { name: "Choose files" }).focus();
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "expected.png", mimeType: "image/png", buffer: Buffer.from(PNG_BASE64, "base64") });
  await expect(section.getByRole("img", { name: "expected.png" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await context.close();
});

test("a file attached elsewhere shows on an open result page without a reload, and goes when removed", async ({ browser, baseURL, as }) => {
  const [admin, qaApi] = [await as("admin"), await as("qa")];
  const { slug, runId, results } = await newRun(admin, qaApi, "attach-live-", [{ title: "Refund reaches the card" }]);
  const run = { id: runId };
  const [result] = results;
  const resultPath = `/api/v1/runs/${run.id}/results/${result!.id}`;
  expect((await qaApi.put(resultPath, { data: { status: "FAILED", note: "Refund stuck" } })).status()).toBe(200);

  // Dev watches the result.
  const context = await browser.newContext({ baseURL });
  await signInContext(context, DEMO.dev);
  const page = await context.newPage();
  await page.goto(`/projects/${slug}/runs/${run.id}/execute?result=${result!.id}`);
  const panel = page.getByRole("region", { name: `Executing ${result!.caseKey}` });
  await hydrated(panel);
  await expect(panel.getByText("No files attached.")).toBeVisible();

  // QA attaches a screenshot through the API: it appears on Dev's page.
  const sent = await qaApi.post(`${resultPath}/attachments`, {
    headers: { "content-type": "application/octet-stream", "x-file-name": "refund.png" },
    data: Buffer.from(PNG_BASE64, "base64"),
  });
  expect(sent.status()).toBe(201);
  const files = panel.getByRole("list", { name: `Files of ${result!.caseKey}` });
  await expect(files.getByRole("img", { name: "refund.png" })).toBeVisible();

  // …and goes when QA removes it.
  const { id } = (await sent.json()) as { id: string };
  expect((await qaApi.delete(`/api/v1/attachments/${id}`)).status()).toBe(200);
  await expect(panel.getByText("No files attached.")).toBeVisible();
  await context.close();
});
