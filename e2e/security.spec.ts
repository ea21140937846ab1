import fs from "node:fs";
import path from "node:path";
import { DEMO, expect, signInContext, test } from "./fixtures";

test("every page comes with a nonce-based Content-Security-Policy and runs under it without a violation", async ({ page, context }) => {
  // Ten full page loads, each hydrated: 34 s in one CI run, past the default 60 s in the next on
  // the loaded 2-core machine (2026-12-03, at the last page).
  test.setTimeout(150_000);
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

test("the favicon, app icon and web app manifest are linked from the head signed out and in, served with their types, and read by Chromium under the CSP", async ({
  page,
  context,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  const brand = /--color-brand-500:\s*(#[0-9a-f]{6})/i.exec(
    fs.readFileSync(path.join(import.meta.dirname, "..", "app", "globals.css"), "utf8"),
  )![1];
  const served = async (href: string, type: string) => {
    const response = await page.request.get(href);
    expect(response.status(), href).toBe(200);
    expect(response.headers()["content-type"], href).toBe(type);
    return response.body();
  };
  const linked = [
    { selector: 'link[rel="icon"][type="image/x-icon"]', path: "/favicon.ico", type: "image/x-icon" },
    { selector: 'link[rel="icon"][type="image/svg+xml"]', path: "/icon.svg", type: "image/svg+xml" },
    { selector: 'link[rel="apple-touch-icon"][sizes="180x180"]', path: "/apple-icon.png", type: "image/png" },
    { selector: 'link[rel="manifest"]', path: "/manifest.webmanifest", type: "application/manifest+json" },
  ];

  // Signed out (the sign-in page), then in the app.
  for (const at of ["/sign-in", "/projects/checkout-service"]) {
    if (at !== "/sign-in") await signInContext(context, DEMO.qa);
    await page.goto(at);
    await expect(page).toHaveURL(new RegExp(`${at}$`));
    for (const link of linked) {
      const href = (await page.locator(`head ${link.selector}`).getAttribute("href"))!;
      expect(new URL(href, page.url()).pathname, `${link.selector} on ${at}`).toBe(link.path);
      await served(href, link.type);
    }
  }
  // The apple-touch icon is a 180 × 180 PNG (its IHDR chunk says so).
  const apple = await served("/apple-icon.png", "image/png");
  expect([apple.readUInt32BE(16), apple.readUInt32BE(20)]).toEqual([180, 180]);

  // Chromium fetches and parses the manifest as the page links it (manifest-src falls back to
  // default-src 'self'): no errors, the brand colour of app/globals.css, icons that are served.
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send("Page.getAppManifest");
  expect(new URL(manifest.url).pathname).toBe("/manifest.webmanifest");
  expect(manifest.errors).toEqual([]);
  const data = JSON.parse(manifest.data!) as { name: string; theme_color: string; icons: { src: string; type: string }[] };
  expect(data.name).toBe("Shiproom");
  expect(data.theme_color).toBe(brand);
  expect(data.icons.map((icon) => icon.src)).toEqual(["/icon.svg", "/apple-icon.png"]);
  for (const icon of data.icons) await served(icon.src, icon.type);
  expect(violations).toEqual([]);
});
