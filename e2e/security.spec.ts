import { DEMO, expect, signInContext, test } from "./fixtures";

test("every page comes with a nonce-based Content-Security-Policy and runs under it without a violation", async ({ page, context }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  const nonces = new Set<string>();
  const policyOf = async (path: string) => {
    const response = await page.goto(path);
    const policy = response!.headers()["content-security-policy"] ?? "";
    const script = /script-src ([^;]*)/.exec(policy)?.[1] ?? "";
    expect(script).toMatch(/^'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'$/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    nonces.add(/'nonce-([^']+)'/.exec(script)![1]!);
    return policy;
  };

  await policyOf("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await signInContext(context, DEMO.admin);
  for (const path of [
    "/projects",
    "/projects/checkout-service",
    "/inbox",
    "/audit",
    "/members",
    "/account",
    "/projects/checkout-service/cases",
    "/projects/checkout-service/insights",
  ]) {
    await policyOf(path);
    // The app hydrated: a client component's data and its live count are there.
    await expect(page.getByTestId("signed-in-as")).toHaveText("Ari Admin");
  }
  await page.goto("/no-such-page");
  await expect(page.getByText(/not found/i).first()).toBeVisible();
  expect(nonces.size).toBe(9);
  expect(violations).toEqual([]);
});
