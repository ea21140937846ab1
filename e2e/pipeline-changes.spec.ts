import { DEMO, expect, newProject, newToken, signInContext, test, tokenClient } from "./fixtures";

test("an admin finds a token's gate-weakening pipeline change in Waiting on me, rejects one and applies the next", async ({
  page,
  context,
  as,
  baseURL,
}) => {
  const admin = await as("admin");
  const { slug } = await newProject(admin, "chg-");
  const pipeline = await tokenClient(baseURL!, await newToken(admin, slug, ["read", "pipeline:write"], "Deploy pipeline"));
  const exported = await (await pipeline.get(`/api/v1/projects/${slug}/pipeline`)).text();
  const send = async (text: string, revision: string) => {
    const response = await pipeline.post(`/api/v1/projects/${slug}/pipeline/apply?revision=${revision}`, {
      headers: { "content-type": "application/yaml" },
      data: text,
    });
    expect(response.status()).toBe(202);
  };
  await send(exported.replace(/\n {4}signOff:\n {6}in: staging/, ""), "no-signoff");

  await signInContext(context, DEMO.admin);
  await page.goto("/inbox");
  const item = page.getByRole("listitem").filter({ hasText: "no-signoff" });
  await expect(item).toContainText("weakens 1 gate");
  await expect(item).toContainText("QA sign-off on staging is no longer required");
  await item.getByRole("link", { name: "Review the change" }).click();

  await expect(page.getByRole("heading", { name: /Pipeline change no-signoff/ })).toBeVisible();
  // In the page, not in Next's route announcer, which reads the new page's heading out.
  await expect(page.getByRole("main").getByText("Waiting for an admin")).toBeVisible();
  await expect(page.getByRole("list", { name: "Weakened gates" })).toContainText("production QA sign-off on staging is no longer required");
  await expect(page.getByText("~ production.signOff: on staging → none")).toBeVisible();
  await page.getByRole("button", { name: "Reject…" }).click();
  const dialog = page.getByRole("dialog", { name: "Reject this pipeline change" });
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(dialog.getByText("Say why it is rejected")).toBeVisible();
  await dialog.getByLabel("Reason").fill("Production keeps QA's sign-off");
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Rejected by Ari Admin")).toBeVisible();
  await expect(page.getByText(": Production keeps QA's sign-off")).toBeVisible();

  // The next file lowers production's approvals; the Policies page points at it.
  await send(exported.replace(/ {4}approvals:\n {6}- role: ops\n {8}count: 1\n/, ""), "no-approvals");
  await page.goto(`/projects/${slug}/policies`);
  const waiting = page.getByRole("region", { name: "Pipeline change waiting" });
  await expect(waiting).toContainText("approvals: 1 from ops → none");
  await waiting.getByRole("link", { name: "Review the change" }).click();
  await page.getByLabel("Comment").fill("Production approvals move to the release checklist");
  await page.getByRole("button", { name: "Apply the change" }).click();
  await expect(page.getByText("Applied by Ari Admin")).toBeVisible();
  const environments = (await (await admin.get(`/api/v1/projects/${slug}/environments`)).json()) as {
    name: string;
    approvalRules: unknown[];
  }[];
  expect(environments.find((e) => e.name === "production")!.approvalRules).toEqual([]);
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "Waiting on me" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "no-approvals" })).toHaveCount(0);
  await pipeline.dispose();
});
