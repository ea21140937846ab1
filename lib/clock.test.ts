import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { now } from "./clock";

const HOUR = 3_600_000;
afterEach(() => {
  // eslint-disable-next-line no-process-env -- the file the clock reads, as the running app's tests set it
  delete process.env.SHIPROOM_CLOCK_OFFSET_FILE;
});

test("the clock is the machine's unless a file moves it forward, which it reads again when it changes", () => {
  const before = Date.now();
  expect(now().getTime()).toBeGreaterThanOrEqual(before);
  expect(now().getTime()).toBeLessThan(before + HOUR);

  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clock-")), "offset");
  // eslint-disable-next-line no-process-env -- the file the clock reads, as the running app's tests set it
  process.env.SHIPROOM_CLOCK_OFFSET_FILE = file;
  expect(now().getTime()).toBeLessThan(Date.now() + HOUR); // no file yet: no offset
  fs.writeFileSync(file, String(2 * HOUR));
  expect(now().getTime()).toBeGreaterThanOrEqual(before + 2 * HOUR);
  expect(now().getTime()).toBeLessThan(Date.now() + 3 * HOUR);
  fs.writeFileSync(file, String(26 * HOUR));
  expect(now().getTime()).toBeGreaterThanOrEqual(before + 26 * HOUR);
  fs.writeFileSync(file, "soon");
  expect(now().getTime()).toBeLessThan(Date.now() + HOUR);
});
