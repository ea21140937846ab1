// Runs `npm start`'s launcher as a child process, as a person would, and collects its output
// (start-up tests and the live benchmark).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

const inherited = ["PATH", "HOME", "TMPDIR", "LANG"];

export type Launched = { child: ChildProcess; output: () => string; exited: Promise<number>; stop: () => Promise<void> };

/** Starts the launcher with exactly `env` (plus PATH and HOME), in its own process group. */
export function launch(env: Record<string, string>): Launched {
  const base = Object.fromEntries(inherited.flatMap((key) => (process.env[key] ? [[key, process.env[key]!]] : [])));
  const childEnv: NodeJS.ProcessEnv = { ...base, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env };
  const child: ChildProcess = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "lib/server/launch.ts"], {
    cwd: ROOT,
    env: childEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number>((resolve) =>
    child.on("exit", (code: number | null, signal: NodeJS.Signals | null) => resolve(code ?? (signal ? 128 : 1))),
  );
  return {
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
}

/** Runs the launcher to its end (it is expected to refuse to start). */
export async function launchExpectingFailure(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const run = launch(env);
  const code = await run.exited;
  return { code, output: run.output() };
}

/** Waits until the output matches (the server says it is ready), or the process ends. */
export async function waitForOutput(run: Launched, pattern: RegExp, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!pattern.test(run.output())) {
    if (run.child.exitCode !== null) throw new Error(`the launcher exited early:\n${run.output()}`);
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The error, its message followed by the end of each server's output: a failure says what the servers said. */
export function withOutput(error: unknown, runs: Record<string, Launched>, lines = 40): unknown {
  if (!(error instanceof Error)) return error;
  const tails = Object.entries(runs).map(
    ([name, run]) => `--- ${name}, last ${lines} lines ---\n${run.output().split("\n").slice(-lines).join("\n")}`,
  );
  error.message = `${error.message}\n${tails.join("\n")}`;
  return error;
}
