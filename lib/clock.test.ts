import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { now, offsetIn } from "./clock";

const HOUR = 3_600_000;

test("the clock is the machine's unless a file moves it forward, which is read again when it changes", () => {
  const before = Date.now();
  expect(now().getTime()).toBeGreaterThanOrEqual(before);
  expect(now().getTime()).toBeLessThan(before + HOUR);

  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clock-")), "offset");
  expect(offsetIn(undefined)).toBe(0);
  expect(offsetIn(file)).toBe(0); // no file yet
  fs.writeFileSync(file, String(2 * HOUR));
  expect(offsetIn(file)).toBe(2 * HOUR);
  fs.writeFileSync(file, String(26 * HOUR));
  expect(offsetIn(file)).toBe(26 * HOUR);
  fs.writeFileSync(file, "soon");
  expect(offsetIn(file)).toBe(0);
});
