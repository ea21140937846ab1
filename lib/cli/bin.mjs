#!/usr/bin/env node
// The `shiproom` command (package.json "bin"): runs the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
const code = await main(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
