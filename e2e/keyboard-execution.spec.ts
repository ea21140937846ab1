// Issue 16, item 3: a tester executes a run of 50 manual cases by keyboard alone — results, notes,
// an undo, an imported result kept until confirmed — and the list follows and names cases as pinned.
import { DEMO, expect, newRun, signInContext, test } from "./fixtures";

const CASES = 50;

test("QA executes a run of 50 cases by keyboard alone", async ({ browser, baseURL, as }) => {
  test.setTimeout(180_000);
  const [admin, qaApi] = [await as("admin"), await as("qa")];
  const cases = Array.from({ length: CASES }, (_, i) => ({
    title: i + 1 === 3 ? "Pay with a card" : `Case number ${i + 1} of the checkout`,
    steps: [{ action: `Step of case ${i + 1}`, expected: "It works" }],
  }));
  const { slug, key, runId } = await newRun(admin, qaApi, "keys-", cases, { version: "v1.0.0" });
  // CI's report fails the first case; the third is renamed after the run pinned it.
  const junit = `<testsuite name="ci"><testcase classname="checkout" name="first"><properties><property name="shiproom.case" value="${key}-1"/></properties><failure message="boom"/></testcase></testsuite>`;
  expect((await qaApi.post(`/api/v1/runs/${runId}/junit`, { headers: { "content-type": "application/xml" }, data: junit })).status()).toBe(
    200,
  );
  expect(
    (await qaApi.put(`/api/v1/projects/${slug}/cases/${key}-3`, { data: { title: "Pay with a saved card", revision: 1 } })).status(),
  ).toBe(200);

  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 700 } });
  await signInContext(context, DEMO.qa);
  const page = await context.newPage();
  await page.goto(`/projects/${slug}/runs/${runId}/execute`);
  const panel = (n: number) => page.getByLabel(`Executing ${key}-${n}`);
  const list = page.getByRole("list", { name: "Cases in this run" });
  const item = (n: number) => list.getByRole("button", { name: new RegExp(`^\\S+ ${key}-${n} `) });
  const progress = page.getByRole("progressbar", { name: "Run progress" });
  await expect(panel(1)).toBeVisible();

  // The list names the third case as the run pinned it, as the panel does.
  await expect(item(3)).toContainText("Pay with a card");
  await expect(item(3)).not.toContainText("saved card");

  // Its history says where the failure came from.
  await expect(page.getByRole("list", { name: "History" }).getByRole("listitem").first()).toContainText(
    /^failed\s*imported from a JUnit report\b/i,
  );

  // The imported failure is not replaced by a stray key: Esc keeps it, Enter confirms.
  await page.keyboard.press("p");
  const replace = page.getByRole("dialog", { name: "Replace an imported result?" });
  await expect(replace).toContainText(`${key}-1's result came from a JUnit report: failed. Record passed by hand instead?`);
  await page.keyboard.press("Escape");
  await expect(replace).toBeHidden();
  await expect(panel(1)).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuetext", `1 of ${CASES} executed: 1 failed, ${CASES - 1} untested`);
  await page.keyboard.press("p");
  await page.keyboard.press("Enter");
  await expect(panel(2)).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuetext", `1 of ${CASES} executed: 1 passed, ${CASES - 1} untested`);

  // The key map.
  await page.keyboard.press("?");
  const keys = page.getByRole("dialog", { name: "Keys for executing a run" });
  await expect(keys.getByRole("row", { name: /^Ctrl\+Enter/ })).toContainText("record the chosen result with the note");
  await page.keyboard.press("Escape");
  await expect(keys).toBeHidden();

  // Case 2 fails with a note: Shift+F, the note, Ctrl+Enter.
  await page.keyboard.press("Shift+F");
  await expect(page.getByLabel("Note")).toBeFocused();
  await expect(page.getByLabel("records it as")).toHaveValue("FAILED");
  await page.keyboard.type("The total ignores the discount");
  await page.keyboard.press("Control+Enter");
  await expect(panel(3)).toBeVisible();

  // Case 3: Enter opens the note, Esc leaves it with the text kept, B records blocked with it.
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Note")).toBeFocused();
  await page.keyboard.type("No saved card in the test account");
  await page.keyboard.press("Escape");
  await expect(page.getByLabel("Note")).not.toBeFocused();
  await expect(page.getByLabel("Note")).toHaveValue("No saved card in the test account");
  await page.keyboard.press("b");
  await expect(panel(4)).toBeVisible();

  // A slip on case 4, undone with U: the case is untested again and current.
  // U at once, before the server has answered: it takes back this one, not an earlier result.
  await page.keyboard.press("s");
  await page.keyboard.press("u");
  await expect(page.getByText(`${key}-4: skipped undone`)).toBeVisible();
  await expect(panel(4)).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuetext", `3 of ${CASES} executed: 1 passed, 1 failed, 1 blocked, ${CASES - 3} untested`);

  // Undone, a result recorded with a note gives the note back, to record again.
  await page.keyboard.press("Shift+S");
  await page.keyboard.type("Skipped by mistake");
  await page.keyboard.press("Control+Enter");
  await expect(panel(5)).toBeVisible();
  await page.keyboard.press("u");
  await expect(page.getByText(`${key}-4: skipped undone; its note is back in the box`)).toBeVisible();
  await expect(panel(4)).toBeVisible();
  await expect(page.getByLabel("Note")).toHaveValue("Skipped by mistake");
  await expect(progress).toHaveAttribute("aria-valuetext", `3 of ${CASES} executed: 1 passed, 1 failed, 1 blocked, ${CASES - 3} untested`);
  await page.getByLabel("Note").fill("");
  await page.keyboard.press("Escape");

  // A note waits for its case: J away and K back, it is still there.
  await page.keyboard.press("Enter");
  await page.keyboard.type("Checked on Firefox too");
  await page.keyboard.press("Escape");
  await page.keyboard.press("j");
  await expect(panel(5)).toBeVisible();
  await expect(page.getByLabel("Note")).toHaveValue("");
  await page.keyboard.press("k");
  await expect(panel(4)).toBeVisible();
  await expect(page.getByLabel("Note")).toHaveValue("Checked on Firefox too");

  // The rest pass, one key each; the list keeps the current case in view.
  for (let n = 4; n <= CASES; n++) {
    await page.keyboard.press("p");
    if (n % 10 === 0) await expect(item(Math.min(n + 1, CASES))).toBeInViewport();
  }
  await expect(progress).toHaveAttribute("aria-valuetext", `${CASES} of ${CASES} executed: ${CASES - 2} passed, 1 failed, 1 blocked`);
  // The server has them all (keys come faster than it records them), and the page still agrees once it reads them back.
  const counts = async () => ((await (await qaApi.get(`/api/v1/runs/${runId}`)).json()) as { counts: Record<string, number> }).counts;
  await expect.poll(counts, { timeout: 90_000 }).toMatchObject({ PASSED: CASES - 2, FAILED: 1, BLOCKED: 1, SKIPPED: 0, UNTESTED: 0 });
  await expect(page.getByRole("button", { name: /^Pass/ })).not.toHaveAttribute("aria-busy", { timeout: 60_000 });
  await expect(progress).toHaveAttribute("aria-valuetext", `${CASES} of ${CASES} executed: ${CASES - 2} passed, 1 failed, 1 blocked`);

  // J/K move without recording; the list follows back up.
  for (let n = CASES; n > 2; n--) await page.keyboard.press("k");
  await expect(panel(2)).toBeVisible();
  await expect(item(2)).toBeInViewport();
  const history = page.getByRole("list", { name: "History" });
  await expect(history).toContainText("The total ignores the discount");
  await page.keyboard.press("j");
  await expect(panel(3)).toBeVisible();
  await expect(history).toContainText("No saved card in the test account");

  // On a phone, a case's key stays on one line.
  await page.setViewportSize({ width: 390, height: 844 });
  const keyBox = item(CASES).locator("span.font-mono");
  expect(await keyBox.evaluate((el) => el.getClientRects().length)).toBe(1);
  const box = await keyBox.boundingBox();
  const lineHeight = await keyBox.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  expect(box!.height).toBeLessThanOrEqual(lineHeight + 1);
  // …and the case being executed comes before the list, its result buttons on the first screen.
  await page.reload();
  const executing = page.getByRole("region", { name: /^Executing / });
  await expect(executing).toBeVisible();
  expect((await executing.boundingBox())!.y).toBeLessThan((await list.boundingBox())!.y);
  await expect(executing.getByRole("button", { name: /^Pass/ })).toBeInViewport();
  await context.close();
});
