// What a defect link's URL names: a GitHub issue or pull request, a GitLab issue or merge request,
// a Jira issue, or any other page. Read with the WHATWG URL class; only the paths are matched here.

export const DEFECT_KINDS = ["github", "gitlab", "jira", "link"] as const;
type DefectKind = (typeof DEFECT_KINDS)[number];

export type DefectUrl = {
  /** The URL as the URL class writes it (host lowercased, default port dropped). */
  url: string;
  kind: DefectKind;
  /** How it is shown: `org/repo#123`, `group/repo!7`, `PROJ-42`, else host and path, shortened. */
  label: string;
  /** The issue however its URL was written (a trailing slash, a query, another view of it): one link per issue and case. */
  identity: string;
};

const JIRA_KEY = /^[A-Z][A-Z0-9_]+-[1-9]\d*$/i;
const NUMBER = /^[1-9]\d*$/;
/** How long a label of another page may grow before its middle is left out. */
const LABEL_MAX = 48;

function segmentsOf(url: URL): string[] {
  return url.pathname
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

function github(url: URL, segments: string[]): Omit<DefectUrl, "url"> | null {
  if (url.hostname !== "github.com" && url.hostname !== "www.github.com") return null;
  const [org, repo, what, number] = segments;
  if (!org || !repo || !number || !["issues", "pull", "pulls"].includes(what!) || !NUMBER.test(number)) return null;
  // Issues and pull requests share one sequence per repository; GitHub's names ignore case.
  return { kind: "github", label: `${org}/${repo}#${number}`, identity: `github:${org}/${repo}#${number}`.toLowerCase() };
}

function gitlab(url: URL, segments: string[]): Omit<DefectUrl, "url"> | null {
  const dash = segments.indexOf("-");
  let project: string[];
  let what: string | undefined;
  let number: string | undefined;
  if (dash > 0) {
    project = segments.slice(0, dash);
    [what, number] = segments.slice(dash + 1);
  } else if (url.hostname === "gitlab.com" && segments.length >= 4) {
    // gitlab.com still answers the older addresses without `/-/`.
    project = segments.slice(0, -2);
    [what, number] = segments.slice(-2);
  } else return null;
  if (!number || !NUMBER.test(number) || (what !== "issues" && what !== "merge_requests")) return null;
  const label = `${project.join("/")}${what === "issues" ? "#" : "!"}${number}`;
  return { kind: "gitlab", label, identity: `gitlab:${url.host}/${label}`.toLowerCase() };
}

function jira(url: URL, segments: string[]): Omit<DefectUrl, "url"> | null {
  const browse = segments.indexOf("browse");
  const inPath =
    browse >= 0
      ? segments[browse + 1]
      : // Jira Cloud's newer addresses: …/projects/PROJ/issues/PROJ-42
        url.hostname.endsWith(".atlassian.net") && segments.includes("issues")
        ? segments[segments.indexOf("issues") + 1]
        : undefined;
  const key = [inPath, url.searchParams.get("selectedIssue")].find((candidate) => candidate && JIRA_KEY.test(candidate));
  if (!key) return null;
  const upper = key.toUpperCase();
  return { kind: "jira", label: upper, identity: `jira:${url.host}/${upper}` };
}

function other(url: URL): Omit<DefectUrl, "url"> {
  const host = url.hostname.replace(/^www\./, "");
  const path = url.pathname.replace(/\/+$/, "");
  let label = `${host}${path}`;
  if (label.length > LABEL_MAX) {
    const last = path.split("/").pop() ?? "";
    label = `${host}/…/${last}`;
    if (label.length > LABEL_MAX) label = `${label.slice(0, LABEL_MAX - 1)}…`;
  }
  // The fragment is where on the page, not which page.
  return { kind: "link", label, identity: `link:${url.href.replace(/#.*$/, "").replace(/\/+$/, "")}` };
}

/** Why a URL cannot be a defect link, or null when it can. */
export function defectUrlProblem(raw: string): string | null {
  if (!URL.canParse(raw)) return "Paste the issue's full address, like https://github.com/acme/shop/issues/42";
  const url = new URL(raw);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Only http and https addresses can be linked";
  if (url.username || url.password) return "Leave the user name and password out of the address";
  return null;
}

/** What an http(s) URL names; null for anything else (javascript:, data:, not a URL). */
export function parseDefectUrl(raw: string): DefectUrl | null {
  if (defectUrlProblem(raw)) return null;
  const url = new URL(raw);
  const segments = segmentsOf(url);
  const found = github(url, segments) ?? gitlab(url, segments) ?? jira(url, segments) ?? other(url);
  return { url: url.href, ...found };
}
