// Where a deploy target points, read without touching the network: the forms git accepts for a
// repository, and the allow-list admins keep of the targets pipelines may set. Pure.
import path from "node:path";

export type RepositoryLocation =
  | { kind: "local"; path: string }
  | { kind: "remote"; host: string; protocol: "https" | "http" | "ssh" | "git" }
  | { kind: "unsupported"; reason: string };

const PROTOCOLS: Record<string, "https" | "http" | "ssh" | "git"> = {
  "https:": "https",
  "http:": "http",
  "ssh:": "ssh",
  "git+ssh:": "ssh",
  "ssh+git:": "ssh",
  "git:": "git",
};

/**
 * A repository as git reads it: a URL (https, http, ssh, git), scp-like `user@host:path`, a
 * `file://` URL or an absolute path. Anything else — a relative path, an option (`-u…`), or a
 * transport such as `ext::` that runs commands — is unsupported.
 */
export function repositoryLocation(repository: string): RepositoryLocation {
  const repo = repository.trim();
  if (repo.startsWith("-")) return { kind: "unsupported", reason: "a repository cannot start with -" };
  if (/^[a-z][a-z0-9+.-]*::/i.test(repo)) return { kind: "unsupported", reason: "git transports such as ext:: are not allowed" };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo)) {
    let url: URL;
    try {
      url = new URL(repo);
    } catch {
      return { kind: "unsupported", reason: "not a valid URL" };
    }
    if (url.protocol === "file:") return { kind: "local", path: path.resolve(decodeURIComponent(url.pathname)) };
    const protocol = PROTOCOLS[url.protocol];
    if (!protocol || !url.hostname) return { kind: "unsupported", reason: `use https://, ssh:// or git:// (not ${url.protocol}//)` };
    // Every reader of the project sees its repositories (the settings, the pipeline's export). Over
    // http(s) a user name alone is often a token too (GitHub takes https://<token>@github.com/…);
    // over ssh it names the account (git@), and only a password is secret.
    if (url.password || (url.username && (url.protocol === "https:" || url.protocol === "http:")))
      return {
        kind: "unsupported",
        reason:
          "leave the password or token out of the address (everyone who reads the project sees it); give the server access with an SSH key or a git credential helper",
      };
    return { kind: "remote", host: url.hostname.replace(/^\[|\]$/g, ""), protocol };
  }
  if (path.isAbsolute(repo)) return { kind: "local", path: path.resolve(repo) };
  // scp-like: [user@]host:path, with no slash before the colon (git's own rule).
  const scp = /^(?:[^@/:]+@)?(\[[^\]]+\]|[^:/]+):(?!\/\/)/.exec(repo);
  if (scp) return { kind: "remote", host: scp[1]!.replace(/^\[|\]$/g, ""), protocol: "ssh" };
  return { kind: "unsupported", reason: "use a URL, user@host:path, or an absolute path" };
}

/** Whether `dir` is `root` or inside it (both absolute). */
export function isInside(dir: string, root: string): boolean {
  const relative = path.relative(root, dir);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

function normalUrl(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Whether an admin allowed this deploy target for pipelines: a webhook URL under one of the URL
 * prefixes (on a path boundary: `https://deploy.example.com/hooks` allows `…/hooks/x`, not
 * `…/hooksmith`), a repository equal to an entry, or under an entry ending in `/` or `:`.
 */
export function isAllowedTarget(target: { url: string } | { repository: string }, allowList: readonly string[]): boolean {
  if ("url" in target) {
    const url = normalUrl(target.url);
    if (!url) return false;
    return allowList.some((entry) => {
      const prefix = normalUrl(entry);
      if (!prefix || !url.startsWith(prefix)) return false;
      return prefix.endsWith("/") || url.length === prefix.length || "/?#".includes(url[prefix.length]!);
    });
  }
  const repo = target.repository.trim();
  return allowList.some((entry) => {
    const allowed = entry.trim();
    return repo === allowed || ((allowed.endsWith("/") || allowed.endsWith(":")) && repo.startsWith(allowed));
  });
}
