// The live-update half of `npm run bench`: the built app on a fresh embedded demo database, the
// board open in Chromium as ops, releases registered over HTTP as dev; each sample is the time
// from sending the request until the other browser's board shows the new release.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, request } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";
import { launch, waitForOutput } from "./processes";
import { signInOver } from "./sign-in";

const PORT = 3190;

export async function launchApp(samples = 20): Promise<number[] | null> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    process.stdout.write("bench: live updates not measured: no Chromium (apt-get install chromium, or set CHROMIUM_PATH)\n");
    return null;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-bench-live-"));
  const app = launch({ SHIPROOM_DATA_DIR: dataDir, PORT: String(PORT) });
  const baseURL = `http://localhost:${PORT}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    await waitForOutput(app, /Ready in/, 240_000);
    const context = await browser.newContext({ baseURL });
    await signInOver(context.request, "ops@shiproom.local", "shiproom");
    const page = await context.newPage();
    await page.goto("/projects/checkout-service");
    await page.getByRole("region", { name: "dev" }).waitFor();
    const ci = await request.newContext({ baseURL });
    await signInOver(ci, "dev@shiproom.local", "shiproom");
    const times: number[] = [];
    for (let i = 0; i < samples + 2; i++) {
      const version = `v9.${i}.0`;
      const started = performance.now();
      const response = await ci.post("/api/v1/projects/checkout-service/releases", { data: { version, commitSha: "abcdef1234" } });
      if (response.status() !== 201) throw new Error(`registering ${version} answered ${response.status()}`);
      await page.getByRole("region", { name: "dev" }).getByRole("link", { name: version }).first().waitFor({ timeout: 10_000 });
      if (i >= 2) times.push(performance.now() - started); // the first two warm the server up
    }
    await ci.dispose();
    return times;
  } finally {
    await browser.close();
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.lock`, { force: true });
  }
}
