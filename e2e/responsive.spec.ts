// Every page at a phone's, a tablet's and a laptop's width: nothing scrolls sideways, axe finds no
// serious or critical violation at the phone's and the laptop's, and on a phone the navigation is
// a drawer that opens, closes with Escape and gives focus back.
//
// CI checks every page as the admin, who sees most of each; SHIPROOM_AXE_ROLES=all checks them
// again as the developer, QA and ops (their pages differ: other buttons, no settings), outside CI.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { DEMO, expect, signInContext, test, type DemoRole } from "./fixtures";

// Independent tests (each signs in on its own): the two workers share them.
test.describe.configure({ mode: "parallel" });

const WIDTHS = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1366, height: 900 },
];

/** Axe's serious and critical violations on the page as it is now, one line each (rule, what it says, where). */
async function axeProblems(page: Page, where: string): Promise<string[]> {
  // Legacy mode runs axe.run() in the page itself; the default runs axe.runPartial() in every frame
  // and then axe.finishRun() in a new blank page, for cross-origin frames, which Shiproom's pages do
  // not have. And only violations come back: every rule still runs, but the passes' nodes are not
  // gathered and sent. A scan took 2.5–6.7 s before and 1.7–2.6 s after on the loaded machine,
  // while axe's own work was 0.4–1.5 s (measured 2026-12-03): most of this spec's time.
  const { violations } = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ["violations"] })
    .analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes
        .slice(0, 3)
        .map((n) => `${where}: ${v.id} (${v.impact}) at ${n.target.join(" ")} — ${(n.failureSummary ?? v.help).replace(/\s+/g, " ")}`),
    );
}

const ROLES: DemoRole[] = process.env.SHIPROOM_AXE_ROLES === "all" ? ["admin", "dev", "qa", "ops"] : ["admin"];

test("signed out, the sign-in page has no serious or critical axe violation, on a phone or a laptop", async ({ page }) => {
  const problems: string[] = [];
  for (const size of [WIDTHS[0]!, WIDTHS[2]!]) {
    await page.setViewportSize(size);
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    problems.push(...(await axeProblems(page, `/sign-in at ${size.width} px`)));
  }
  expect(problems).toEqual([]);
});

const slug = "checkout-service";
type Json = <T>(path: string) => Promise<T>;
/** The pages, in groups that run as tests of their own (the workers share them); a page of one object names the demo's. */
const PAGE_GROUPS: { name: string; pages: (json: Json) => Promise<string[]> }[] = [
  {
    name: "the board, releases and policies",
    pages: async (json) => {
      const { releases } = await json<{ releases: { version: string }[] }>(`/api/v1/projects/${slug}/releases`);
      return [
        "/projects",
        `/projects/${slug}`,
        `/projects/${slug}/releases`,
        `/projects/${slug}/releases/${releases[0]!.version}`,
        `/projects/${slug}/policies`,
        "/board",
      ];
    },
  },
  {
    name: "test cases and runs",
    pages: async (json) => {
      const { cases } = await json<{ cases: { key: string }[] }>(`/api/v1/projects/${slug}/cases`);
      const runs = await json<{ id: string; signOff: unknown }[]>(`/api/v1/projects/${slug}/runs`);
      // A run still being tested, whose executor has every control (else any run).
      const openRun = runs.find((run) => run.signOff === null) ?? runs[0]!;
      return [
        `/projects/${slug}/cases`,
        `/projects/${slug}/cases/${cases[0]!.key}`,
        `/projects/${slug}/cases/new`,
        `/projects/${slug}/cases/import`,
        `/projects/${slug}/runs`,
        `/projects/${slug}/runs/${runs[0]!.id}`,
        `/projects/${slug}/runs/${openRun.id}/execute`,
      ];
    },
  },
  {
    name: "insights, inbox and notifications",
    pages: async () => [`/projects/${slug}/insights`, "/insights", "/inbox", "/notifications"],
  },
  {
    name: "settings and the audit trail",
    pages: async () => [`/projects/${slug}/settings`, "/audit"],
  },
  {
    // Apart from the settings: members (with the email log), account (with notification preferences)
    // and the API reference grew, and the five pages ran past 360 s together on a loaded machine.
    name: "members, account and the API reference",
    pages: async () => ["/members", "/account", "/api-docs"],
  },
];

for (const role of ROLES)
  for (const group of PAGE_GROUPS)
    test(`as ${role}, ${group.name}: no page scrolls sideways at 390, 768 or 1366 px; axe finds no serious or critical violation at 390 or 1366 px`, async ({
      page,
      context,
    }) => {
      // Up to 6 pages, each laid out 3 times and scanned twice: on a loaded 2-core machine the
      // settings group ran past 180 s (2026-12-02).
      test.setTimeout(360_000);
      await signInContext(context, DEMO[role]);
      const pages = await group.pages(async (path) => (await (await page.request.get(path)).json()) as never);
      const sideways: string[] = [];
      const inaccessible: string[] = [];
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
          if (size.width !== 768) inaccessible.push(...(await axeProblems(page, `${path} at ${size.width} px`)));
        }
      }
      expect(sideways).toEqual([]);
      expect(inaccessible).toEqual([]);
    });

test("on a phone the navigation is a drawer: a link in it navigates and closes it, Escape closes it and focus returns", async ({
  page,
  context,
}) => {
  await signInContext(context, DEMO.admin);
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
