// The git deploy target: a promotion becomes one commit that writes the environment's state file
// to a repository (a local path or a remote URL), pushed to its branch. The git CLI does the work.
// Commits to one repository happen one at a time per server (a mutex, and a lock file for servers
// sharing a data folder); a push refused because someone else pushed first is retried on top of
// theirs, so concurrent promotions never lose a commit.
import "server-only";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { egressProblem } from "@/lib/egress/check";
import { repositoryLocation } from "@/lib/egress/targets";
import { env } from "@/lib/env";
import { waitForPidLock } from "@/lib/pid-lock";

export type GitTarget = { repository: string; branch: string; credentials?: { username: string; token: string } | null };
export type GitCommit = { path: string; content: string; message: string };

class GitError extends Error {
  constructor(
    message: string,
    /** Everything git said (to tell a refused push from other failures). */
    readonly output = "",
  ) {
    super(message);
  }
}

const PUSH_ATTEMPTS = 15;
// A redirect could lead a fetch or push to a host the target's checks never saw.
const IDENTITY = [
  "-c",
  "user.name=Shiproom",
  "-c",
  "user.email=shiproom@localhost",
  "-c",
  "commit.gpgsign=false",
  "-c",
  "http.followRedirects=false",
];

function scrub(text: string, target: GitTarget): string {
  const token = target.credentials?.token;
  return token ? text.split(token).join("***") : text;
}

function git(target: GitTarget, cwd: string, args: string[], input?: string, timeout = 60_000): Promise<string> {
  // Only the transports a deploy target may use: never ext:: (which runs commands) or fd::.
  const extra: Record<string, string> = {
    GIT_ALLOW_PROTOCOL: repositoryLocation(target.repository).kind === "local" ? "file" : "https:http:ssh:git",
  };
  if (target.credentials && /^https?:/.test(target.repository)) {
    // Through the environment, so the token is never on a command line.
    const basic = Buffer.from(`${target.credentials.username}:${target.credentials.token}`).toString("base64");
    Object.assign(extra, {
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "http.extraHeader",
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    });
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      [...IDENTITY, ...args],
      {
        cwd,
        timeout,
        maxBuffer: 10 * 1024 * 1024,
        // eslint-disable-next-line no-process-env -- git finds itself and its config through PATH and HOME
        env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LANG: "C", ...extra },
      },
      (error, stdout, stderr) => {
        if (error) {
          const said = scrub(`${error.killed ? `timed out after ${timeout / 1000} s: ` : ""}${(stderr || error.message).trim()}`, target);
          const lines = said.split("\n").filter((line) => line.trim() && !line.startsWith("hint:"));
          reject(new GitError(`git ${args[0]}: ${lines.slice(0, 2).join(" ")}`, said));
        } else resolve(stdout.trim());
      },
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

const queues = new Map<string, Promise<unknown>>();

/** One commit at a time per repository in this process. */
function serialize<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(
    key,
    next.catch(() => undefined),
  );
  return next;
}

/** Brings the working copy to the remote branch's tip (or an empty branch if it has none yet). */
async function sync(target: GitTarget, dir: string): Promise<void> {
  if (!fs.existsSync(path.join(dir, ".git"))) {
    fs.mkdirSync(dir, { recursive: true });
    await git(target, dir, ["init", "-q"]);
    await git(target, dir, ["remote", "add", "origin", target.repository]);
  }
  try {
    await git(target, dir, ["fetch", "-q", "origin", target.branch]);
  } catch (error) {
    if (!(error instanceof GitError) || !/couldn't find remote ref/i.test(error.output)) throw error;
    // A new repository, or a new branch: start it.
    await git(target, dir, ["checkout", "-q", "-f", "--orphan", `shiproom-${Date.now()}`]);
    await git(target, dir, ["rm", "-rfq", "--cached", "--ignore-unmatch", "."]);
    await git(target, dir, ["clean", "-fdxq"]);
    return;
  }
  await git(target, dir, ["checkout", "-q", "-f", "-B", target.branch, "FETCH_HEAD"]);
  await git(target, dir, ["clean", "-fdxq"]);
}

// A push that lost a race: refused as not a fast-forward, or (when the other push lands while this
// one updates the branch) the remote could not lock the branch at the commit it expected.
const refused = (error: unknown) =>
  /rejected|fetch first|non-fast-forward|stale info|cannot lock ref|failed to update ref/i.test(
    error instanceof GitError ? error.output : String(error),
  );

/** Writes the file, commits it and pushes; returns the commit's SHA. */
export function commitAndPush(target: GitTarget, commit: GitCommit): Promise<string> {
  const key = createHash("sha256").update(`${target.repository}\n${target.branch}`).digest("hex").slice(0, 16);
  const dir = path.join(env().dataDir, "git", key);
  return serialize(key, async () => {
    // Checked before every push, not only when the target was set: configuration and DNS change.
    const why = await egressProblem({ repository: target.repository });
    if (why) throw new GitError(`the repository cannot be used: ${why}`);
    const release = await waitForPidLock(`${dir}.lock`, () => {});
    try {
      await sync(target, dir);
      const file = path.join(dir, commit.path);
      if (!file.startsWith(dir + path.sep)) throw new GitError(`the state file path ${commit.path} leaves the repository`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, commit.content);
      await git(target, dir, ["add", "--", commit.path]);
      await git(target, dir, ["commit", "-q", "--allow-empty", "-F", "-"], commit.message);
      for (let attempt = 1; ; attempt++) {
        try {
          await git(target, dir, ["push", "-q", "origin", `HEAD:refs/heads/${target.branch}`]);
          return await git(target, dir, ["rev-parse", "HEAD"]);
        } catch (error) {
          // Someone pushed first: put this commit on top of theirs and push again.
          if (attempt >= PUSH_ATTEMPTS || !refused(error)) throw error;
          // Backing off exponentially, with jitter, up to a second: on a busy machine a fixed short
          // wait kept losing to a writer that pushes in a loop (seen in CI: ten losses in a row).
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 20 * 2 ** attempt)));
          await git(target, dir, ["fetch", "-q", "origin", target.branch]);
          try {
            await git(target, dir, ["rebase", "-q", "FETCH_HEAD"]);
          } catch (rebaseError) {
            await git(target, dir, ["rebase", "--abort"]).catch(() => undefined);
            throw rebaseError;
          }
        }
      }
    } finally {
      release();
    }
  });
}

/**
 * Why a fetch failed, in a reader's words, from what git said (run with LANG=C): not found,
 * refused, unreachable or too slow; else that git could not fetch it.
 */
export function fetchProblem(said: string): string {
  if (/timed out|timeout|ETIMEDOUT|SIGTERM/i.test(said)) return `it did not answer within ${READ_TIMEOUT / 1000} s`;
  if (/authentication failed|could not read (username|password)|permission denied|access denied|\b40[13]\b|publickey/i.test(said))
    return "it refused Shiproom (it needs credentials Shiproom does not have)";
  if (
    /could not resolve host|connection refused|network is unreachable|failed to connect|no route to host|connection timed out/i.test(said)
  )
    return "the server could not reach it";
  if (/not found|does not exist|not a git repository|does not appear to be a git repository|no such file/i.test(said))
    return "there is no repository at that address (moved or deleted?)";
  return "git could not fetch from it (the server's log has git's message)";
}

/** A failed read in words for the reader; git's own output (scrubbed of credentials by `git`) to the server's log. */
function readProblem(repository: string, error: unknown): string {
  const said = error instanceof GitError ? error.output || error.message : String(error);
  console.error(`[git] reading ${repository} failed: ${said.split("\n").slice(0, 3).join(" ")}`);
  return fetchProblem(said);
}

/** Whether Shiproom can read a repository now: how many branches it saw, else why not in words. */
export type RepositoryReach = { readable: true; branches: number } | { readable: false; problem: string };

/**
 * Reads a repository's branch list (`git ls-remote --heads`), as the changes panel will fetch
 * it, to tell whoever names it at once whether it can be read. At most 20 s.
 */
export async function probeRepository(repository: string): Promise<RepositoryReach> {
  const target: GitTarget = { repository, branch: "" };
  try {
    const heads = await git(target, os.tmpdir(), ["ls-remote", "--heads", "--", repository], undefined, READ_TIMEOUT);
    return { readable: true, branches: heads ? heads.split("\n").length : 0 };
  } catch (error) {
    return { readable: false, problem: readProblem(repository, error) };
  }
}

type HistoryCommit = { sha: string; shortSha: string; subject: string; author: string; date: string };
type History =
  | { kind: "listed"; commits: HistoryCommit[]; total: number }
  | { kind: "unknown-sha"; sha: string }
  | { kind: "unreachable"; reason: string };

// Reading is quicker than deploying: a panel waits on it.
const READ_TIMEOUT = 20_000;
const HEX = /^[0-9a-f]{4,64}$/i;
const FIELD = "\x1f";

/**
 * The commits after `from` up to `to` (`git log from..to`, newest first, at most `limit`), read
 * from a bare mirror of the repository kept under the data folder. It is fetched only when a
 * commit is not in it yet. Without `from`: every commit up to `to`.
 */
export function readHistory(repository: string, from: string | null, to: string, limit: number): Promise<History> {
  const key = createHash("sha256").update(repository).digest("hex").slice(0, 16);
  const dir = path.join(env().dataDir, "git-mirrors", key);
  const target: GitTarget = { repository, branch: "" };
  const run = (args: string[]) => git(target, dir, args, undefined, READ_TIMEOUT);
  return serialize(`mirror-${key}`, async () => {
    const why = await egressProblem({ repository });
    if (why) return { kind: "unreachable", reason: why };
    for (const sha of [from, to]) if (sha !== null && !HEX.test(sha)) return { kind: "unknown-sha", sha };
    const release = await waitForPidLock(`${dir}.lock`, () => {});
    try {
      const known = async (sha: string) =>
        run(["cat-file", "-e", `${sha}^{commit}`]).then(
          () => true,
          () => false,
        );
      const wanted = [from, to].filter((sha): sha is string => sha !== null);
      if (!fs.existsSync(path.join(dir, "HEAD"))) {
        fs.mkdirSync(dir, { recursive: true });
        await run(["init", "-q", "--bare"]);
      }
      if (!(await Promise.all(wanted.map(known))).every(Boolean)) {
        try {
          await run(["fetch", "-q", "--prune", "--no-tags", "--", repository, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]);
        } catch (error) {
          // Readers get what went wrong in words; git's own output (scrubbed of credentials) goes to the server's log.
          return { kind: "unreachable", reason: readProblem(repository, error) };
        }
      }
      for (const sha of wanted) if (!(await known(sha))) return { kind: "unknown-sha", sha };
      const range = from ? [`${from}..${to}`] : [to];
      const total = Number(await run(["rev-list", "--count", ...range, "--"]));
      const log = await run(["log", `--max-count=${limit}`, `--format=%H${FIELD}%h${FIELD}%s${FIELD}%an${FIELD}%aI`, ...range, "--"]);
      const commits = log
        ? log.split("\n").map((line) => {
            const [sha, shortSha, subject, author, date] = line.split(FIELD) as [string, string, string, string, string];
            return { sha, shortSha, subject, author, date: new Date(date).toISOString() };
          })
        : [];
      return { kind: "listed", commits, total };
    } finally {
      release();
    }
  });
}
