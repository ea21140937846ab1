// Runs the `shiproom` CLI as a pipeline would: a subprocess, with only the environment given
// (the CLI tests).
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./processes";

export type CliRun = { code: number; stdout: string; stderr: string };

export function runShiproom(args: string[], env: Record<string, string>, cwd = os.tmpdir()): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "lib/cli/bin.mjs"), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), NODE_ENV: "production", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
