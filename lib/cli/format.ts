// What the CLI prints for people (with --json it prints the API's answers instead). Pure.
import Table from "cli-table3";
import type { ChangesDto } from "../changes/schemas";
import { relativeTime } from "../format/time";
import { formatFrequency, formatSeconds } from "../insights/format";
import type { DeliveryMetricsDto, FourKeys, KeyFigure, PortfolioMetricsDto } from "../insights/schemas";
import { plural } from "../format/plural";

type Gate = { kind: string; status: "passed" | "waiting" | "failed"; title: string; summary: string; waitingOn?: string };
export type Promotion = {
  id: string;
  number: number;
  status: string;
  isRollback: boolean;
  environment: { name: string };
  release: { version: string; commitSha: string };
  statusMessage: string | null;
  externalUrl: string | null;
  gates: { passed: boolean; gates: Gate[] } | null;
  approvals?: { name: string; decision: "APPROVE" | "REJECT"; comment: string | null }[];
};

const MARK = { passed: "✓", waiting: "…", failed: "✗" } as const;

export const FINISHED = ["SUCCEEDED", "FAILED", "REJECTED", "CANCELLED", "SUPERSEDED"];
export const UNSUCCESSFUL = ["FAILED", "REJECTED", "CANCELLED", "SUPERSEDED"];

export function statusText(status: string): string {
  return status === "AWAITING_GATES" ? "waiting on gates" : status.toLowerCase().replace(/_/g, " ");
}

export function gateLines(promotion: Promotion): string[] {
  return (promotion.gates?.gates ?? []).map(
    (gate) =>
      `  ${MARK[gate.status]} ${gate.title}: ${gate.summary}${gate.status !== "passed" && gate.waitingOn ? ` — waiting on ${gate.waitingOn}` : ""}`,
  );
}

export function promotionHeadline(p: Promotion): string {
  const what = `${p.isRollback ? "Rollback" : "Promotion"} #${p.number}: ${p.release.version} → ${p.environment.name}`;
  const extra = [p.statusMessage, p.externalUrl].filter(Boolean).join(" · ");
  return `${what} is ${statusText(p.status)}${extra ? ` (${extra})` : ""}`;
}

export function table(head: string[], rows: string[][]): string {
  const t = new Table({
    head,
    style: { head: [], border: [], compact: true, "padding-left": 0, "padding-right": 2 },
    chars: {
      top: "",
      "top-mid": "",
      "top-left": "",
      "top-right": "",
      bottom: "",
      "bottom-mid": "",
      "bottom-left": "",
      "bottom-right": "",
      left: "",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "",
    },
  });
  t.push(...rows);
  return t
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}

export function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1_048_576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1_048_576).toFixed(1)} MB`;
}

/** Why a promotion ended without success: the rejection with its reason, or the deployer's message. */
export function outcome(p: Promotion): string {
  const rejection = p.approvals?.find((a) => a.decision === "REJECT");
  const why = rejection ? `by ${rejection.name}: ${rejection.comment ?? ""}` : p.statusMessage;
  return `Promotion #${p.number} ${statusText(p.status)}${why ? ` ${rejection ? "" : ": "}${why}` : ""}.`;
}

/** `shiproom metrics`: a key per row, with its level and the previous period's value. */
/** A metrics period in words: "the last 90 days (2026-09-03 to 2026-12-01)", or the dates asked for. */
function spanText(m: { from: string; to: string; period: string | null }): string {
  const days = Math.round((Date.parse(m.to) - Date.parse(m.from)) / 86_400_000);
  const lastDay = new Date(Date.parse(m.to) - 1).toISOString().slice(0, 10);
  return m.period ? `the last ${days} days (${m.from.slice(0, 10)} to ${lastDay})` : `${m.from.slice(0, 10)} to ${lastDay} (${days} days)`;
}

const percent = (rate: number) => `${Math.round(rate * 1000) / 10} %`;

export function metricsText(m: DeliveryMetricsDto): string {
  const row = (name: string, figure: KeyFigure, format: (value: number) => string, detail: string) => [
    name,
    figure.value === null ? "—" : format(figure.value),
    figure.band ?? "",
    figure.previous === null ? "—" : format(figure.previous),
    detail,
  ];
  const { deploymentFrequency: df, leadTimeSeconds: lt, changeFailureRate: cfr, recoverySeconds: rt, approvalWait: wait } = m;
  return [
    `${m.project.name} → ${m.environment.name}, ${spanText(m)}`,
    table(
      ["KEY", "VALUE", "LEVEL", "PREVIOUS", ""],
      [
        row("Deployment frequency", df, formatFrequency, `${df.deployments} deployments`),
        row("Lead time for changes", lt, formatSeconds, "median"),
        row("Change failure rate", cfr, percent, `${cfr.failed} failed, ${cfr.rolledBack} rolled back`),
        row("Recovery time", rt, formatSeconds, `median of ${rt.failures - rt.open}${rt.open ? `, ${rt.open} open` : ""}`),
      ],
    ),
    wait.count === 0
      ? "No promotion waited for approval."
      : `Waiting for approval: median ${formatSeconds(wait.medianSeconds!)}, 90th percentile ${formatSeconds(wait.p90Seconds!)} (${wait.count} promotions)`,
    ...wait.byRule
      .filter((rule) => rule.count > 0)
      .map((rule) => `  until ${rule.minCount} × ${rule.role.toLowerCase()}: median ${formatSeconds(rule.medianSeconds!)} (${rule.count})`),
    ...(m.signOffWait && m.signOffWait.count > 0
      ? [
          `Waiting for QA's sign-off on ${m.signOffWait.environment}: median ${formatSeconds(m.signOffWait.medianSeconds!)}, 90th percentile ${formatSeconds(m.signOffWait.p90Seconds!)} (${m.signOffWait.count} releases)`,
        ]
      : []),
    ...(m.freezeWait.count > 0
      ? [
          `Held by a freeze: median ${formatSeconds(m.freezeWait.medianSeconds!)}, 90th percentile ${formatSeconds(m.freezeWait.p90Seconds!)}, ${formatSeconds(m.freezeWait.totalSeconds)} in all (${m.freezeWait.count} promotions)`,
        ]
      : []),
    ...(m.freezeWait.heldNow > 0 ? [`A freeze holds ${plural(m.freezeWait.heldNow, "promotion")} now.`] : []),
    `Levels: ${m.bands}.`,
  ].join("\n");
}

/** `shiproom metrics` without a project: each project's four keys and all of them together. */
export function portfolioText(m: PortfolioMetricsDto): string {
  const cell = (figure: KeyFigure, format: (value: number) => string) =>
    figure.value === null ? "—" : `${format(figure.value)}${figure.band ? ` (${figure.band})` : ""}`;
  const keys = (k: FourKeys) => [
    cell(k.deploymentFrequency, formatFrequency),
    cell(k.leadTimeSeconds, formatSeconds),
    cell(k.changeFailureRate, percent),
    cell(k.recoverySeconds, formatSeconds),
  ];
  return [
    `${m.environment ?? "production"} of every project you see, ${spanText(m)}`,
    table(
      ["PROJECT", "ENVIRONMENT", "DEPLOYMENTS", "LEAD TIME", "FAILURE RATE", "RECOVERY"],
      [
        ...m.projects.map((row) =>
          row.environment === null ? [row.project.name, "(none)", "", "", "", ""] : [row.project.name, row.environment, ...keys(row)],
        ),
        [`All (${m.all.projects} measured)`, "", ...keys(m.all)],
      ],
    ),
    `Lead time and recovery are medians. Levels: ${m.bands}.`,
  ].join("\n");
}

/** `shiproom changes`: what a promotion changes against what runs in the environment, for people. */
export function changesText(c: ChangesDto): string {
  const lines: string[] = [];
  const { release, running } = c;
  lines.push(
    !running
      ? `${release.version} → ${c.environment}: nothing runs there yet; everything up to ${release.version}`
      : c.direction === "same"
        ? `${release.version} already runs in ${c.environment}`
        : c.direction === "back"
          ? `${release.version} → ${c.environment}: a rollback from ${running.version}; what it takes out`
          : `${release.version} → ${c.environment}, against ${running.version} running there now`,
  );
  if (c.compareUrl) lines.push(`Compare: ${c.compareUrl}`);
  const more = (total: number, shown: number) => (total > shown ? [`  and ${total - shown} more`] : []);
  lines.push("", `Releases (${c.releases.total})`);
  if (c.releases.total === 0) lines.push("  none in between");
  for (const r of c.releases.items) {
    lines.push(`  ${r.version}  ${r.commitSha.slice(0, 7)}  by ${r.createdBy}, ${relativeTime(r.createdAt)}`);
    for (const note of (r.notes ?? "")
      .split("\n")
      .filter((line) => line.trim())
      .slice(0, 5))
      lines.push(`    ${note}`);
  }
  lines.push(...more(c.releases.total, c.releases.items.length), "");
  const commits = c.commits;
  if (commits.state === "listed") {
    lines.push(`Commits (${commits.total})`);
    for (const k of commits.items) lines.push(`  ${k.shortSha}  ${k.subject}  (${k.author}, ${relativeTime(k.date)})`);
    lines.push(...more(commits.total, commits.items.length));
  } else
    lines.push(
      commits.state === "no-repository"
        ? "Commits: not listed (the project names no repository)"
        : commits.state === "unknown-sha"
          ? `Commits: not listed (commit ${commits.sha} is not in the repository)`
          : `Commits: not listed (the repository could not be read: ${commits.reason})`,
    );
  const t = c.tests;
  lines.push("");
  if (!t.environment) lines.push("Tests: no environment before this one to take evidence from");
  else {
    const run = (r: typeof t.candidateRun) => (r ? `run #${r.number}${r.signedOff ? " (signed off)" : " (newest)"}` : "no run");
    lines.push(`Tests on ${t.environment}: ${run(t.candidateRun)} against ${run(t.runningRun)}`);
    for (const [label, list] of [
      ["Newly failing", t.newlyFailing],
      ["Newly passing", t.newlyPassing],
      ["Flaky", t.flaky],
      ["Not run", t.notRun],
    ] as const) {
      if (list.total === 0) continue;
      lines.push(`  ${label} (${list.total})`);
      for (const item of list.items) lines.push(`    ${item.key}  ${item.title}`);
      lines.push(...more(list.total, list.items.length).map((line) => `  ${line}`));
    }
  }
  return lines.join("\n");
}
