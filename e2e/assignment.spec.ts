// Issue 17, items 4 and 7: QA splits a run evenly between two testers; each is told once, finds the
// cases in My queue (Waiting on me), executes only theirs, and the run's filter "Mine" shows only
// theirs; QA's progress per tester follows their results.
import type { APIRequestContext } from "@playwright/test";
import { apiAs, DEMO, expect, hydrated, newProject, signInContext, test, unique } from "./fixtures";

/** A tester of this test's own (other specs share the server and the demo members), signed in over the API. */
async function newTester(admin: APIRequestContext, baseURL: string, name: string) {
  const email = `${unique("tester-")}@example.test`;
  const created = await admin.post("/api/v1/members", { data: { name, email, roles: ["DEVELOPER"], password: "temporary one" } });
  expect(created.status()).toBe(201);
  const api = await apiAs(baseURL, email, "temporary one");
  const password = "a tester's own password";
  expect((await api.post("/api/v1/me/password", { data: { currentPassword: "temporary one", newPassword: password } })).status()).toBe(200);
  return { name, email, password, api, id: ((await created.json()) as { id: string }).id };
}

type Notifications = { items: { kind: string; title: string; link: string | null }[] };

test("QA spreads a run evenly between two testers; each finds their cases in My queue and executes only those", async ({
  browser,
  baseURL,
  as,
}) => {
  test.setTimeout(180_000);
  const [admin, qaApi, dev] = [await as("admin"), await as("qa"), await as("dev")];
  const { slug, key } = await newProject(admin, "assign-");
  for (const title of ["Sign in", "Add to cart", "Pay by card", "See the receipt"])
    expect((await qaApi.post(`/api/v1/projects/${slug}/cases`, { data: { title } })).status()).toBe(201);
  const version = `v${unique("")}`;
  expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version, commitSha: "abcdef1234" } })).status()).toBe(201);
  const created = await qaApi.post(`/api/v1/projects/${slug}/runs`, { data: { release: version, environment: "staging", all: true } });
  expect(created.status()).toBe(201);
  const run = (await created.json()) as { id: string; number: number };
  const suffix = unique("");
  const ann = await newTester(admin, baseURL!, `Ann ${suffix}`);
  const ben = await newTester(admin, baseURL!, `Ben ${suffix}`);

  // QA spreads the run between Ann and Ben.
  const qaContext = await browser.newContext({ baseURL });
  await signInContext(qaContext, DEMO.qa);
  const qa = await qaContext.newPage();
  await qa.goto(`/projects/${slug}/runs/${run.id}`);
  const spreadButton = qa.getByRole("button", { name: "Spread evenly between…" });
  await hydrated(spreadButton);
  await spreadButton.click();
  const dialog = qa.getByRole("dialog", { name: `Spread run #${run.number} between testers` });
  await dialog.getByLabel("All cases (4)").check();
  // Nobody chosen: the problem shows beside the testers' list.
  await dialog.getByRole("button", { name: "Spread", exact: true }).click();
  await expect(dialog.getByRole("group", { name: "Spread evenly between" })).toContainText(
    "Choose the testers to spread the cases between",
  );
  await dialog.getByLabel(ann.name).check();
  await dialog.getByLabel(ben.name).check();
  await dialog.getByRole("button", { name: "Spread", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(spreadButton).toBeFocused();
  const perTester = qa.getByRole("list", { name: "Progress per tester" });
  await expect(qa.getByTestId(`tester-${ann.name}`)).toHaveText("0 of 2 done · 0 passed · 0 failed · 0 blocked");
  await expect(qa.getByTestId(`tester-${ben.name}`)).toHaveText("0 of 2 done · 0 passed · 0 failed · 0 blocked");
  await expect(qa.getByTestId(`result-${key}-1`)).toContainText(ann.name);
  await expect(qa.getByTestId(`result-${key}-2`)).toContainText(ann.name);
  await expect(qa.getByTestId(`result-${key}-3`)).toContainText(ben.name);
  await expect(qa.getByTestId(`result-${key}-4`)).toContainText(ben.name);
  // On a phone the assignee stays on screen: the suite and who recorded a result fold into other cells.
  const wide = qa.viewportSize()!;
  await qa.setViewportSize({ width: 390, height: 844 });
  const assigned = await qa.getByTestId(`result-${key}-1`).getByText(ann.name).filter({ visible: true }).boundingBox();
  expect(assigned!.x + assigned!.width).toBeLessThanOrEqual(390);
  await qa.setViewportSize(wide);

  // Each is told once, for the whole spread.
  for (const tester of [ann, ben]) {
    const mine = ((await (await tester.api.get("/api/v1/me/notifications")).json()) as Notifications).items.filter(
      (n) => n.kind === "run.assigned" && n.link?.includes(run.id),
    );
    expect(mine.map((n) => n.title)).toEqual([`Quinn QA assigned you 2 cases in run #${run.number} (${version} on staging)`]);
  }

  // All cases to one tester: those someone already has stay theirs unless that is ticked.
  await spreadButton.click();
  const toOne = qa.getByRole("dialog");
  await toOne.getByLabel("All cases (4)").check();
  await toOne.getByLabel("One tester").check();
  await expect(toOne.getByLabel("Also take cases already assigned to someone")).not.toBeChecked();
  await toOne.getByLabel("Tester", { exact: true }).selectOption({ label: ben.name });
  await toOne.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(toOne).toBeHidden();
  await expect(qa.getByText("Nothing changed: those cases were already assigned so")).toBeVisible();
  await expect(qa.getByTestId(`result-${key}-1`)).toContainText(ann.name);
  await expect(qa.getByTestId(`tester-${ann.name}`)).toHaveText("0 of 2 done · 0 passed · 0 failed · 0 blocked");

  // Ann, on a phone: My queue in Waiting on me leads into executing her two cases only.
  const annContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  await signInContext(annContext, ann.email, ann.password);
  const page = await annContext.newPage();
  await page.goto("/inbox");
  const queue = page.getByLabel(`My queue in run #${run.number}`);
  await expect(queue).toContainText("2 of 2 assigned to you still untested");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await queue.getByRole("link", { name: "Execute mine" }).click();
  const list = page.getByRole("list", { name: "Cases in this run" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list).toContainText(`${key}-1`);
  await expect(list).toContainText(`${key}-2`);
  await expect(page.getByLabel(`Executing ${key}-1`)).toBeVisible();
  const pass = page.getByRole("button", { name: /^Pass/ });
  await hydrated(pass);
  await pass.click();
  await expect(page.getByLabel(`Executing ${key}-2`)).toBeVisible();
  await expect(page).toHaveURL(/assignee=mine/);

  // QA's progress per tester follows.
  await expect(qa.getByTestId(`tester-${ann.name}`)).toHaveText("1 of 2 done · 1 passed · 0 failed · 0 blocked");
  await expect(perTester.getByRole("progressbar", { name: `Progress of ${ann.name}` })).toHaveAttribute("aria-valuenow", "1");

  // The run's filter "Mine" shows Ann's cases only, and stays in the address.
  await page.goto(`/projects/${slug}/runs/${run.id}`);
  const assignee = page.getByLabel("Assignee");
  await hydrated(assignee);
  await assignee.selectOption("mine");
  await expect(page).toHaveURL(/assignee=mine/);
  await expect(page.getByTestId(/^result-/)).toHaveCount(2);
  await expect(page.getByTestId(`result-${key}-3`)).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId(/^result-/)).toHaveCount(2);
  await expect(page.getByLabel("Assignee")).toHaveValue("mine");

  // Ben's queue holds his two; Ann's now one.
  const benQueue = (await (await ben.api.get("/api/v1/inbox")).json()) as { kind: string; run?: { id: string }; untested?: number }[];
  expect(benQueue.filter((item) => item.kind === "queue" && item.run?.id === run.id).map((item) => item.untested)).toEqual([2]);
  await page.goto("/inbox");
  await expect(page.getByLabel(`My queue in run #${run.number}`)).toContainText("1 of 2 assigned to you still untested (1 done)");

  // A link to one of Ben's cases, shared from his "Mine" walk, opens that case for Ann, walking the whole run.
  const detail = (await (await ann.api.get(`/api/v1/runs/${run.id}`)).json()) as { results: { id: string; caseKey: string }[] };
  const bens = detail.results.find((r) => r.caseKey === `${key}-3`)!;
  await page.goto(`/projects/${slug}/runs/${run.id}/execute?assignee=mine&result=${bens.id}`);
  await expect(page.getByLabel(`Executing ${key}-3`)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "The linked case is not assigned to you" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Cases in this run" }).getByRole("listitem")).toHaveCount(4);

  // A tester may not assign.
  const refused = await ann.api.post(`/api/v1/runs/${run.id}/assignments`, { data: { all: true, assignee: ann.id } });
  expect(refused.status()).toBe(403);
  await Promise.all([annContext.close(), qaContext.close(), ann.api.dispose(), ben.api.dispose()]);
});
