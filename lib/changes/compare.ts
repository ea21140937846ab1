// Links to a hosting service's page comparing two commits, read from the repository's address. Pure.

/** GitHub's or GitLab's compare page from `base` to `head`, or null for other repositories. */
export function compareUrlOf(repository: string, base: string, head: string): string | null {
  const repo = repository.trim();
  const scp = /^[^@/:]+@(github\.com|gitlab\.com):(.+)$/.exec(repo);
  let host: string;
  let repoPath: string;
  if (scp) {
    host = scp[1]!;
    repoPath = scp[2]!;
  } else {
    let url: URL;
    try {
      url = new URL(repo);
    } catch {
      return null;
    }
    if (!["https:", "http:", "ssh:", "git:"].includes(url.protocol)) return null;
    host = url.hostname;
    repoPath = url.pathname;
  }
  repoPath = repoPath.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "");
  if (!repoPath || repoPath.split("/").some((part) => !part || part === "." || part === "..")) return null;
  if (host === "github.com" && repoPath.split("/").length === 2) return `https://github.com/${repoPath}/compare/${base}...${head}`;
  if (host === "gitlab.com" && repoPath.split("/").length >= 2) return `https://gitlab.com/${repoPath}/-/compare/${base}...${head}`;
  return null;
}
