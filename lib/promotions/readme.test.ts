// The README documents the promotion decisions with the fields their schemas take.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { rejectSchema } from "./schemas";

test("the README's promotion decisions row names the field reject takes", () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const row = readme.split("\n").find((line) => line.startsWith("| `POST /api/v1/promotions/:id/{approve,reject"));
  expect(Object.keys(rejectSchema.shape)).toEqual(["comment"]);
  expect(row).toContain("`reject` needs `{comment}`");
});
