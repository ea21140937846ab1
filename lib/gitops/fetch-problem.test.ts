import { describe, expect, test } from "vitest";
import { fetchProblem } from "./git";

// What git (LANG=C) prints when a fetch fails, as readers of the changes panel are told it.
describe("a failed fetch, in a reader's words", () => {
  test.each([
    [
      "fatal: '/tmp/gone' does not appear to be a git repository\nfatal: Could not read from remote repository.",
      "there is no repository at that address (moved or deleted?)",
    ],
    [
      "remote: Repository not found.\nfatal: repository 'https://github.com/acme/gone.git/' not found",
      "there is no repository at that address (moved or deleted?)",
    ],
    [
      "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
      "it refused Shiproom (it needs credentials Shiproom does not have)",
    ],
    [
      "fatal: Authentication failed for 'https://gitlab.example.com/acme/app.git/'",
      "it refused Shiproom (it needs credentials Shiproom does not have)",
    ],
    ["git@github.com: Permission denied (publickey).", "it refused Shiproom (it needs credentials Shiproom does not have)"],
    [
      "fatal: unable to access 'https://git.nowhere.test/a.git/': Could not resolve host: git.nowhere.test",
      "the server could not reach it",
    ],
    [
      "fatal: unable to access 'https://10.0.0.9/a.git/': Failed to connect to 10.0.0.9 port 443: Connection refused",
      "the server could not reach it",
    ],
    ["timed out after 20 s: Command failed: git fetch", "it did not answer within 20 s"],
    ["fatal: the remote end hung up unexpectedly", "git could not fetch from it (the server's log has git's message)"],
  ])("%s", (said, words) => {
    expect(fetchProblem(said)).toBe(words);
  });
});
