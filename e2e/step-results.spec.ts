// Issue 17, item 3: QA marks a case's steps while executing it, by keyboard and by mouse, on a
// phone-sized screen; the case's result follows its steps, and a step changed on a signed-off run
// voids the sign-off.
import { DEMO, expect, hydrated, newRun, signInContext, test } from "./fixtures";

type Run = {
  results: { id: string; caseKey: string; status: string; steps: { position: number; status: string; actual: string | null }[] }[];
  signOff: { voided: { reason: string } | null } | null;
};

const STEPS = [
  { action: "Open the cart", expected: "Two items" },
  { action: "Pay by card", expected: "Paid" },
  { action: "Open the receipt", expected: "It lists both items" },
];

test("QA marks steps passed and failed with an actual result by keyboard and mouse; the case fails, and a step change voids the sign-off", async ({
  browser,
  baseURL,
  as,
}) => {
  test.setTimeout(180_000);
  const [admin, qaApi] = [await as("admin"), await as("qa")];
  const { slug, key, runId } = await newRun(
    admin,
    qaApi,
    "steps-",
    ["Checkout by card", "Checkout with a voucher"].map((title) => ({ title, steps: STEPS })),
    { version: "v1.0.0" },
  );
  const readRun = async () => (await (await qaApi.get(`/api/v1/runs/${runId}`)).json()) as Run;
  const resultOf = async (caseKey: string) => (await readRun()).results.find((r) => r.caseKey === caseKey)!;

  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  await signInContext(context, DEMO.qa);
  const page = await context.newPage();
  await page.goto(`/projects/${slug}/runs/${runId}/execute`);
  const list = page.getByRole("list", { name: "Cases in this run" });
  const item = (n: number) => list.getByRole("button", { name: new RegExp(`^\\S+ ${key}-${n} `) });
  const panel = page.getByRole("region", { name: `Executing ${key}-1` });
  await expect(panel).toBeVisible();
  await hydrated(panel);
  const step = (n: number) => page.getByRole("listitem", { name: new RegExp(`^Step ${n}:`) });

  // By keyboard: ↓ to step 1, 1 passes it and moves on, 2 fails step 2, A writes what happened.
  await expect(step(1)).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(step(1)).toBeFocused();
  await page.keyboard.press("1");
  await expect(step(2)).toBeFocused();
  await expect(panel.getByRole("button", { name: "Step 1: Pass" })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("2");
  await expect(step(2)).toBeFocused();
  await page.keyboard.press("a");
  await expect(page.getByLabel("Actual result of step 2")).toBeFocused();
  await page.keyboard.type("The card was declined");
  await page.keyboard.press("Enter");
  await expect(step(2)).toBeFocused();
  await expect(item(1)).toHaveAccessibleName(/^failed /);
  await expect
    .poll(async () => {
      const result = await resultOf(`${key}-1`);
      return [result.status, result.steps.map((s) => [s.position, s.status, s.actual])];
    })
    .toEqual([
      "FAILED",
      [
        [1, "PASSED", null],
        [2, "FAILED", "The card was declined"],
      ],
    ]);
  // The key map lists the step keys.
  await page.keyboard.press("?");
  const keys = page.getByRole("dialog", { name: "Keys for executing a run" });
  await expect(keys.getByRole("row", { name: /^123 / })).toContainText("Mark the step passed");
  await page.keyboard.press("Escape");
  await expect(keys).toBeHidden();

  // By mouse, on the second case: step 1 passes, step 2 fails with what happened.
  await item(2).click();
  const second = page.getByRole("region", { name: `Executing ${key}-2` });
  await expect(second).toBeVisible();
  await second.getByRole("button", { name: "Step 1: Pass" }).click();
  await second.getByRole("button", { name: "Step 2: Fail" }).click();
  await expect(second.getByRole("button", { name: "Step 2: Fail" })).toHaveAttribute("aria-pressed", "true");
  await second.getByLabel("Actual result of step 2").fill("The voucher was ignored");
  await second.getByRole("heading", { name: "Checkout with a voucher" }).click();
  await expect(item(2)).toHaveAccessibleName(/^failed /);
  await expect.poll(async () => (await resultOf(`${key}-2`)).steps.find((s) => s.position === 2)?.actual).toBe("The voucher was ignored");
  // The history says which step each mark was, the actual result as the step's (written after the
  // mark: a note, not a status), and which step gave the case its result.
  const history = second.getByRole("list", { name: "History" });
  await expect(history.getByRole("listitem").filter({ hasText: "Step 1 by " })).toHaveCount(1);
  await expect(history.getByRole("listitem").filter({ hasText: "Actual: The voucher was ignored" })).toContainText(
    "Step 2's actual result written by ",
  );
  await expect(history.getByRole("listitem").filter({ hasText: "from step 2" })).toHaveCount(1);
  // Nothing sideways on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // QA signs the run off, waiving both failures; a step changed afterwards voids the sign-off.
  const run = await readRun();
  const signed = await qaApi.post(`/api/v1/runs/${runId}/sign-off`, {
    data: {
      decision: "SIGNED_OFF",
      comment: "Known card and voucher problems",
      waivers: run.results.filter((r) => r.status !== "PASSED").map((r) => ({ resultId: r.id, reason: "Known problem" })),
    },
  });
  expect(signed.status()).toBe(200);
  await page.reload();
  await expect(second).toBeVisible();
  await hydrated(second);
  await second.getByRole("button", { name: "Step 3: Pass" }).click();
  await expect(second.getByRole("button", { name: "Step 3: Pass" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await readRun()).signOff?.voided?.reason).toContain(`${key}-2 step 3 changed from untested to passed`);
  await page.goto(`/projects/${slug}/runs/${runId}`);
  await expect(page.getByText("sign-off voided").first()).toBeVisible();
  await context.close();
});
