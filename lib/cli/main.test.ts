import { describe, expect, test } from "vitest";
import { main } from "./main";

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    { SHIPROOM_URL: "http://127.0.0.1:9", SHIPROOM_TOKEN: "shr_test" },
    { out: (s) => void out.push(s), err: (s) => void err.push(s), isTTY: false },
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("the CLI's exit codes", () => {
  test.each<[string, string[]]>([
    ["a missing required option", ["release", "create", "--project", "CHK"]],
    ["a missing argument", ["plan"]],
    ["an unknown command", ["relase", "create"]],
    ["an unknown option", ["status", "--project", "CHK", "--colour"]],
    ["a command group without its command", ["deploy"]],
  ])("%s is bad usage: exit code 2", async (_what, argv) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).not.toBe("");
  });

  test("help is not an error", async () => {
    expect((await run("--help")).code).toBe(0);
    expect((await run("release", "create", "--help")).code).toBe(0);
  });
});
