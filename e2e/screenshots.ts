// `npm run screenshots`: the README's three pictures, e2e/screenshots/*.png, taken in Chromium from
// the app as `npm start` serves it (building first when the sources changed) on a throwaway
// embedded database with the demo team. Run it again whenever the UI changes.
//
// It takes the board of checkout-service as the demo seeds it, then moves v1.4.0 along as the
// README's walkthrough does (over the API, as dev, ops, admin and QA): deployed to dev and staging,
// requested for production and approved once, a smoke run on staging three cases in. Then QA's
// page executing that run and the promotion waiting on its gates, seen by ops. The server stops
// and the database is removed at the end, also on failure or Ctrl+C.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, request, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "@/lib/demo/team";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/tooling/chromium";
import { launch, ROOT, waitForOutput, withOutput } from "@/lib/tooling/processes";
import { signInOver } from "@/lib/tooling/sign-in";

const PORT = Number(process.env.SCREENSHOTS_PORT ?? 3400);
const BASE_URL = `http://localhost:${PORT}`;
const OUT = path.join(ROOT, "e2e", "screenshots");
const SLUG = "checkout-service";
const VERSION = "v1.4.0";
type Role = "dev" | "qa" | "ops" | "admin";

function say(line: string) {
  process.stdout.write(`screenshots: ${line}\n`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port);
  });
}

/** A request of the API that must succeed; returns its JSON. */
async function call<T>(api: APIRequestContext, method: "get" | "post" | "put", url: string, data?: object): Promise<T> {
  const response = await api[method](url, data ? { data } : undefined);
  if (!response.ok()) throw new Error(`${method.toUpperCase()} ${url} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** The id of the promotion in flight in an environment of the demo project, from its board. */
async function inFlight(api: APIRequestContext, env: string): Promise<string> {
  const board = await call<{ columns: { environment: { name: string }; inFlight: { id: string } | null }[] }>(
    api,
    "get",
    `/api/v1/projects/${SLUG}/board`,
  );
  const promotion = board.columns.find((column) => column.environment.name === env)?.inFlight;
  if (!promotion) throw new Error(`nothing is in flight in ${env}`);
  return promotion.id;
}

/**
 * v1.4.0 on its way as the walkthrough takes it: registered by dev (dev promotes automatically),
 * deployed to dev and staging by ops, requested for production by dev and approved by the admin
 * (1 of 2 from Ops); QA's smoke run on staging has two passes and a failure, one case to go.
 */
async function moveTheReleaseAlong(api: Record<Role, APIRequestContext>) {
  const { dev, ops, admin, qa } = api;
  await call(dev, "post", `/api/v1/projects/${SLUG}/releases`, { version: VERSION, commitSha: "7d3e9b2", notes: "One-page checkout." });
  await call(ops, "post", `/api/v1/promotions/${await inFlight(ops, "dev")}/report`, { status: "succeeded" });
  const staging = await call<{ id: string }>(dev, "post", `/api/v1/projects/${SLUG}/promotions`, {
    release: VERSION,
    environment: "staging",
  });
  await call(ops, "post", `/api/v1/promotions/${staging.id}/report`, { status: "succeeded" });
  const production = await call<{ id: string }>(dev, "post", `/api/v1/projects/${SLUG}/promotions`, {
    release: VERSION,
    environment: "production",
  });
  await call(admin, "post", `/api/v1/promotions/${production.id}/approve`, {});

  const created = await call<{ id: string }>(qa, "post", `/api/v1/projects/${SLUG}/runs`, {
    release: VERSION,
    environment: "staging",
    tags: ["smoke"],
  });
  const run = await call<{ id: string; results: { id: string }[] }>(qa, "get", `/api/v1/runs/${created.id}`);
  if (run.results.length < 4) throw new Error(`the smoke run has ${run.results.length} cases, expected at least 4`);
  const record = (index: number, body: object) => call(qa, "put", `/api/v1/runs/${run.id}/results/${run.results[index]!.id}`, body);
  await record(0, { status: "PASSED" });
  await record(1, { status: "PASSED" });
  await record(2, { status: "FAILED", note: "The address form refuses a postcode with a space (SW1A 1AA)." });
  return { runId: run.id, nextResultId: run.results[3]!.id };
}

async function signedInPage(browser: Browser, role: Role): Promise<Page> {
  // Light, without animations, one device pixel per CSS pixel: small files that change only with the UI.
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: { width: 1366, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: "light",
    reducedMotion: "reduce",
  });
  await signInOver(context.request, `${role}@shiproom.local`, DEMO_PASSWORD);
  return context.newPage();
}

/** Waits until what the page loads by itself has come (counts in the navigation, fonts), then saves it. */
async function save(page: Page, name: string) {
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => document.fonts.ready);
  const file = path.join(OUT, name);
  await page.screenshot({ path: file, type: "png" });
  say(`${path.relative(ROOT, file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
}

async function takeScreenshots(browser: Browser) {
  const api = {} as Record<Role, APIRequestContext>;
  for (const role of ["dev", "qa", "ops", "admin"] as const) {
    api[role] = await request.newContext({ baseURL: BASE_URL });
    await signInOver(api[role], `${role}@shiproom.local`, DEMO_PASSWORD);
  }

  // 1. The board as the demo seeds it, seen by the developer.
  const dev = await signedInPage(browser, "dev");
  await dev.goto(`/projects/${SLUG}`);
  await dev.getByTestId("running-production").getByText("v1.3.2").waitFor();
  await dev.getByRole("list", { name: "History of production" }).waitFor();
  await dev.getByRole("button", { name: "New release" }).waitFor();
  await save(dev, "board.png");

  const { runId, nextResultId } = await moveTheReleaseAlong(api);

  // 2. QA executing the smoke run: three results in, the fourth case's steps open.
  const qa = await signedInPage(browser, "qa");
  await qa.goto(`/projects/${SLUG}/runs/${runId}/execute?result=${nextResultId}`);
  await qa.getByText("3 of 4 executed").waitFor();
  await qa.getByRole("list", { name: "Steps" }).waitFor();
  await qa.getByTestId("inbox-count").waitFor();
  await save(qa, "test-run.png");

  // 3. The promotion to production waiting on its gates, seen by ops, who may give the second approval.
  const ops = await signedInPage(browser, "ops");
  await ops.goto(`/projects/${SLUG}`);
  const card = ops.getByRole("region", { name: "production" }).getByRole("article", { name: /Promotion #/ });
  await card.locator('[data-gate="approvals"]').getByText("1 of 2 from Ops").waitFor();
  await card.locator('[data-gate="sign-off"]').waitFor();
  await card.getByRole("button", { name: "Approve" }).waitFor();
  await ops.getByTestId("inbox-count").waitFor();
  await save(ops, "promotion-checklist.png");

  await Promise.all(Object.values(api).map((context) => context.dispose()));
}

async function main() {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (!(await portIsFree(PORT))) throw new Error(`port ${PORT} is in use: stop what serves it, or set SCREENSHOTS_PORT`);
  fs.mkdirSync(OUT, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-screenshots-"));
  // The demo on the embedded database, whatever a .env of this checkout says (an empty variable
  // is kept: .env files never replace one that is set).
  const app = launch({ PORT: String(PORT), SHIPROOM_DATA_DIR: dataDir, DATABASE_URL: "", SHIPROOM_DEMO: "1", AUTH_URL: BASE_URL });
  app.child.stdout!.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.startsWith("shiproom:")) process.stdout.write(`${line}\n`);
  });
  const cleanUp = async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.lock`, { force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

  let browser: Browser | undefined;
  try {
    say(`starting the app at ${BASE_URL} on a fresh demo database…`);
    await waitForOutput(app, /Ready in/, 15 * 60_000);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    await takeScreenshots(browser);
  } catch (error) {
    throw withOutput(error, { server: app });
  } finally {
    await browser?.close();
    await cleanUp();
  }
}

main().then(
  () => say("done"),
  (error: unknown) => {
    process.stderr.write(`screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
