// Every page at a phone's, a tablet's and a laptop's width: nothing scrolls sideways, and on a
// phone the navigation is a drawer that opens, closes with Escape and gives focus back.
import { DEMO, expect, signInContext, test } from "./fixtures";

const WIDTHS = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1366, height: 900 },
];

test("no page scrolls sideways at 390, 768 or 1366 px; on a phone the navigation is a drawer", async ({ page, context }) => {
  test.setTimeout(180_000);
  await signInContext(context, DEMO.admin);
  const slug = "checkout-service";
  const json = async <T>(path: string) => (await (await page.request.get(path)).json()) as T;
  const { releases } = await json<{ releases: { version: string }[] }>(`/api/v1/projects/${slug}/releases`);
  const { cases } = await json<{ cases: { key: string }[] }>(`/api/v1/projects/${slug}/cases`);
  const runs = await json<{ id: string }[]>(`/api/v1/projects/${slug}/runs`);
  const pages = [
    "/projects",
    `/projects/${slug}`,
    `/projects/${slug}/releases`,
    `/projects/${slug}/releases/${releases[0]!.version}`,
    `/projects/${slug}/cases`,
    `/projects/${slug}/cases/${cases[0]!.key}`,
    `/projects/${slug}/runs`,
    `/projects/${slug}/runs/${runs[0]!.id}`,
    `/projects/${slug}/policies`,
    `/projects/${slug}/insights`,
    "/insights",
    "/board",
    `/projects/${slug}/settings`,
    "/inbox",
    "/notifications",
    "/audit",
    "/members",
    "/account",
    "/api-docs",
  ];
  const sideways: string[] = [];
  // Each page is loaded once and laid out at each width (a resize lays the page out again).
  for (const path of pages) {
    await page.setViewportSize(WIDTHS[0]!);
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      const { scrollWidth, innerWidth, widest } = await page.evaluate(
        () =>
          new Promise<{ scrollWidth: number; innerWidth: number; widest: string[] }>((resolve) =>
            // After the next frame, when the new width is laid out.
            requestAnimationFrame(() => {
              const scrollWidth = document.documentElement.scrollWidth;
              // The elements reaching furthest right, named in a failure.
              const widest =
                scrollWidth > window.innerWidth
                  ? Array.from(document.querySelectorAll("body *"))
                      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
                      .sort((a, b) => b.right - a.right)
                      .slice(0, 3)
                      .map(
                        ({ el, right }) =>
                          `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}"> ends at ${Math.round(right)} px`,
                      )
                  : [];
              resolve({ scrollWidth, innerWidth: window.innerWidth, widest });
            }),
          ),
      );
      if (scrollWidth > innerWidth) sideways.push(`${path} at ${size.width} px: ${scrollWidth} px wide (${widest.join(", ")})`);
    }
  }
  expect(sideways).toEqual([]);

  // On a phone: the menu button opens the navigation; a link in it navigates and closes it; Escape closes it and focus returns.
  await page.setViewportSize(WIDTHS[0]!);
  await page.goto(`/projects/${slug}`);
  const menu = page.getByRole("button", { name: "Open navigation" });
  await menu.click();
  const drawer = page.getByRole("dialog", { name: "Navigation" });
  await drawer.getByRole("link", { name: "Releases" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}/releases$`));
  await expect(drawer).toBeHidden();
  await menu.click();
  await expect(drawer.getByRole("link", { name: "Test runs" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();
});
