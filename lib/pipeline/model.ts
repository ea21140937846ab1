// The pipeline as data: what the database holds, turned into the file's shape (export), and the
// difference between two pipelines (plan). Pure, so plan and export are tested without a database.
import { DateTime } from "luxon";
import { stringify } from "yaml";
import { durationOf, minutesOf } from "@/lib/environments/duration";
import type { PolicyFlags } from "@/lib/environments/schemas";
import type { DeployTarget, FreezeKind, Role } from "@/lib/generated/prisma/enums";
import {
  DAY_NAMES,
  ROLE_NAMES,
  roleNameOf,
  type DeploySpec,
  type EnvironmentSpec,
  type FreezeSpec,
  type PipelineChange,
  type PipelineFile,
} from "./schemas";

/** An environment as the database keeps it (the parts the file describes). */
export type LiveEnvironment = PolicyFlags & {
  name: string;
  maxFailedTests: number | null;
  remindAfterMinutes: number | null;
  escalateAfterMinutes: number | null;
  signOffIn: string | null;
  approvalRules: { role: Role; minCount: number }[];
  freezeWindows: {
    kind: FreezeKind;
    label: string;
    timeZone: string;
    startsAt: Date | null;
    endsAt: Date | null;
    startDay: number | null;
    startTime: string | null;
    endDay: number | null;
    endTime: string | null;
  }[];
  deployTarget: DeployTarget;
  deployConfig: unknown;
};

const localMinute = (date: Date, zone: string) => DateTime.fromJSDate(date, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");

function freezeOf(w: LiveEnvironment["freezeWindows"][number]): FreezeSpec {
  return w.kind === "WEEKLY"
    ? {
        label: w.label,
        timeZone: w.timeZone,
        weekly: { from: `${DAY_NAMES[w.startDay! - 1]} ${w.startTime}`, to: `${DAY_NAMES[w.endDay! - 1]} ${w.endTime}` },
      }
    : { label: w.label, timeZone: w.timeZone, from: localMinute(w.startsAt!, w.timeZone), to: localMinute(w.endsAt!, w.timeZone) };
}

function deployOf(target: DeployTarget, config: unknown): DeploySpec {
  const c = (config ?? {}) as Record<string, string | undefined>;
  if (target === "WEBHOOK" && c.url) return { target: "webhook", url: c.url };
  if (target === "GIT" && c.repository)
    return { target: "git", repository: c.repository, branch: c.branch ?? "main", path: c.path ?? "environments/{environment}.yaml" };
  return { target: "manual" };
}

function specOf(env: LiveEnvironment): EnvironmentSpec {
  return {
    name: env.name,
    autoPromote: env.autoPromote,
    requirePreviousSuccess: env.requirePreviousSuccess,
    approvals: env.approvalRules.map((r) => ({ role: roleNameOf(r.role), count: r.minCount })),
    requesterMayApprove: env.requesterMayApprove,
    authorMayApprove: env.authorMayApprove,
    signOff: env.signOffIn ? { in: env.signOffIn, maxFailed: env.maxFailedTests } : null,
    freezes: env.freezeWindows.map(freezeOf),
    rollbacks: { duringFreeze: env.rollbackDuringFreeze, needApproval: env.rollbackNeedsApproval },
    deploy: deployOf(env.deployTarget, env.deployConfig),
    remindAfter: durationOf(env.remindAfterMinutes),
    escalateAfter: durationOf(env.escalateAfterMinutes),
  };
}

export function pipelineOf(project: string, environments: LiveEnvironment[], repository: string | null = null): PipelineFile {
  return { version: 1, project, ...(repository ? { repository } : {}), environments: environments.map(specOf) };
}

const ROLE_ORDER = Object.keys(ROLE_NAMES);

const FIELDS = [
  "autoPromote",
  "requirePreviousSuccess",
  "approvals",
  "requesterMayApprove",
  "authorMayApprove",
  "signOff",
  "freezes",
  "rollbacks",
  "deploy",
  "remindAfter",
  "escalateAfter",
] as const;
type Field = (typeof FIELDS)[number];

/** How a field reads in a plan: "2 from ops", "on staging, at most 0 failed", "webhook https://…". */
export function describeField(field: Field, env: EnvironmentSpec): string {
  switch (field) {
    case "approvals":
      // In role order, as the database lists rules: a file naming them in another order plans no change.
      return env.approvals.length
        ? [...env.approvals]
            .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))
            .map((a) => `${a.count} from ${a.role}`)
            .join(" and ")
        : "none";
    case "signOff":
      return env.signOff
        ? `on ${env.signOff.in}${env.signOff.maxFailed !== null ? `, at most ${env.signOff.maxFailed} failed` : ""}`
        : "none";
    case "freezes":
      return env.freezes.length
        ? env.freezes
            .map(
              (f) =>
                ("weekly" in f ? `"${f.label}" every ${f.weekly.from} – ${f.weekly.to}` : `"${f.label}" ${f.from} – ${f.to}`) +
                ` ${f.timeZone}`,
            )
            .join("; ")
        : "none";
    case "rollbacks":
      return `${env.rollbacks.duringFreeze ? "allowed" : "not allowed"} during a freeze, ${env.rollbacks.needApproval ? "need" : "skip"} approvals`;
    case "deploy":
      return env.deploy.target === "manual"
        ? "manual"
        : env.deploy.target === "webhook"
          ? `webhook ${env.deploy.url}`
          : `git ${env.deploy.repository} ${env.deploy.branch}:${env.deploy.path}`;
    case "remindAfter":
    case "escalateAfter":
      // "240m" and "4h" are the same reminder: a plan compares them as the database keeps them.
      return durationOf(minutesOf(env[field])) ?? "off";
    default:
      return String(env[field]);
  }
}

/** What must change for `live` to become `desired`, in the order apply does it. */
export function diffPipelines(live: PipelineFile, desired: PipelineFile): PipelineChange[] {
  const changes: PipelineChange[] = [];
  // A file without a repository leaves the one set in the app.
  if (desired.repository !== undefined && desired.repository !== live.repository)
    changes.push({ kind: "repository", before: live.repository ?? "none", after: desired.repository });
  const liveByName = new Map(live.environments.map((env, index) => [env.name, { env, index }]));
  const desiredNames = new Set(desired.environments.map((env) => env.name));
  for (const env of live.environments) if (!desiredNames.has(env.name)) changes.push({ kind: "remove", environment: env.name });
  const kept = live.environments.filter((env) => desiredNames.has(env.name)).map((env) => env.name);
  desired.environments.forEach((env, position) => {
    const before = liveByName.get(env.name);
    if (!before) {
      changes.push({ kind: "add", environment: env.name, position });
      return;
    }
    // Order among the environments both sides have: a move only when that order changes.
    const keptIndex = kept.indexOf(env.name);
    const desiredKeptIndex = desired.environments.filter((e) => liveByName.has(e.name)).findIndex((e) => e.name === env.name);
    if (keptIndex !== desiredKeptIndex) changes.push({ kind: "move", environment: env.name, from: before.index, to: position });
    for (const field of FIELDS) {
      const was = describeField(field, before.env);
      const will = describeField(field, env);
      if (was !== will) changes.push({ kind: "change", environment: env.name, field, before: was, after: will });
    }
  });
  return changes;
}

const DEFAULTS: Partial<EnvironmentSpec> = {
  autoPromote: false,
  requirePreviousSuccess: true,
  requesterMayApprove: false,
  authorMayApprove: false,
  signOff: null,
  remindAfter: null,
  escalateAfter: null,
};

/** The pipeline as a shiproom.yaml, leaving out what is the default (apply fills it back in). */
export function toYaml(file: PipelineFile, header: string[] = []): string {
  const environments = file.environments.map((env) => {
    const out: Record<string, unknown> = { name: env.name };
    for (const [key, value] of Object.entries(env)) {
      if (key === "name") continue;
      if (key in DEFAULTS && JSON.stringify(DEFAULTS[key as keyof EnvironmentSpec]) === JSON.stringify(value)) continue;
      if (key === "approvals" || key === "freezes") {
        if ((value as unknown[]).length === 0) continue;
      }
      if (key === "rollbacks" && env.rollbacks.duringFreeze && !env.rollbacks.needApproval) continue;
      if (key === "deploy" && env.deploy.target === "manual") continue;
      if (key === "signOff" && env.signOff && env.signOff.maxFailed === null) {
        out.signOff = { in: env.signOff.in };
        continue;
      }
      out[key] = value;
    }
    return out;
  });
  const body = stringify(
    { version: 1, project: file.project, ...(file.repository ? { repository: file.repository } : {}), environments },
    { lineWidth: 0 },
  );
  return `${header.map((line) => `# ${line}`).join("\n")}${header.length ? "\n" : ""}${body}`;
}
