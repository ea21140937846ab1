import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { egressProblem, type EgressPolicy } from "./check";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-egress-"));
const closed: EgressPolicy = { privateNetworks: [], gitLocalPaths: [] };
const open: EgressPolicy = { privateNetworks: ["127.0.0.0/8", "::1/128"], gitLocalPaths: [root] };

describe("what this server may send to", () => {
  test.each<[string, { url: string } | { repository: string }, EgressPolicy, RegExp | null]>([
    ["a public address", { url: "https://8.8.8.8/hook" }, closed, null],
    ["loopback", { url: "http://127.0.0.1:9000/hook" }, closed, /127\.0\.0\.1 is a loopback address: .*SHIPROOM_PRIVATE_NETWORKS/],
    ["a name for loopback", { url: "http://localhost:9000/hook" }, closed, /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
    ["cloud metadata", { url: "http://169.254.169.254/latest/meta-data/" }, open, /169\.254\.169\.254 is a link-local address/],
    ["a private network", { url: "http://10.0.0.7/hook" }, open, /10\.0\.0\.7 is a private-network address/],
    ["IPv6 loopback in brackets", { url: "http://[::1]:9000/hook" }, closed, /::1 is a loopback address/],
    ["loopback where the configuration allows it", { url: "http://127.0.0.1:9000/hook" }, open, null],
    ["a name that does not resolve (judged when sent)", { url: "https://deploy.invalid/hook" }, closed, null],
    ["a git remote on loopback", { repository: "ssh://git@127.0.0.1/env.git" }, closed, /127\.0\.0\.1 is a loopback address/],
    ["a scp-like remote on a private address", { repository: "git@10.1.1.1:env.git" }, open, /10\.1\.1\.1 is a private-network address/],
    [
      "a local repository on a server that allows none",
      { repository: "/srv/env.git" },
      closed,
      /local repositories are not allowed on this server/,
    ],
    ["a local repository outside the allowed directories", { repository: "/etc/env.git" }, open, /local repositories must be under/],
    ["a local repository walking out with ..", { repository: `${root}/../env.git` }, open, /local repositories must be under/],
    ["a local repository inside the allowed directory", { repository: path.join(root, "env.git") }, open, null],
    ["a command transport", { repository: "ext::sh -c id" }, open, /git transports such as ext:: are not allowed/],
  ])("%s", async (_what, target, policy, expected) => {
    const why = await egressProblem(target, policy);
    if (expected === null) expect(why).toBeNull();
    else expect(why).toMatch(expected);
  });

  test("a symbolic link inside the allowed directory that points outside it is judged by where it points", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-outside-"));
    const link = path.join(root, "link.git");
    fs.symlinkSync(outside, link);
    expect(await egressProblem({ repository: link }, open)).toMatch(/local repositories must be under/);
  });
});
