import { z } from "zod";
import { ValidationFailed } from "../http/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Band } from "./bands";

/** Periods the page offers; any other span is asked for with from and to. */
export const PERIODS = ["30d", "90d", "365d"] as const;
type Period = (typeof PERIODS)[number];

const day = z.iso.date({ error: "A date, like 2026-09-01" });
// PostgreSQL and ISO 8601 strings hold years 1 to 9999 only: the previous period of a span starting
// in year 1 would fall before it, and the day after 9999-12-31 after it.
const FIRST_DAY = "1970-01-01";
const LAST_DAY = "9999-12-30";
/** The instant three calendar years after a day (YYYY-MM-DD), UTC: the first day a span starting there may not reach. */
function threeYearsFrom(day: string): number {
  const start = new Date(`${day}T00:00:00Z`);
  return Date.UTC(start.getUTCFullYear() + 3, start.getUTCMonth(), start.getUTCDate());
}
const isDay = (value: string | undefined) => value !== undefined && day.safeParse(value).success;

/**
 * The query of …/metrics and …/test-health: a period (default 90 days up to now) or from and to
 * (dates, UTC, to inclusive, 1970-01-01 to 9999-12-30, at most three years), and an environment
 * by name, described per operation (its default differs).
 */
function periodQuery(environment: string) {
  return (
    z
      // A misspelt field is named, not ignored: "?enviroment=staging" would otherwise show production.
      .strictObject(
        {
          period: z.enum(PERIODS, { error: "One of 30d, 90d, 365d" }).optional().describe("The last 30, 90 or 365 days (default 90d)"),
          from: day.optional().describe(`First day, UTC (with to), from ${FIRST_DAY} up to today; at most three years before to`),
          to: day.optional().describe(`Last day, UTC, included (with from), up to ${LAST_DAY}; days after today count up to now`),
          environment: z
            .string()
            .trim()
            .min(1, "Name an environment, like production")
            .max(40, "At most 40 characters")
            .optional()
            .describe(environment),
        },
        {
          error: (issue) => (issue.code === "unrecognized_keys" ? "Unknown field: this takes period, from, to and environment" : undefined),
        },
      )
      .superRefine((query, ctx) => {
        // Zod refines the object even when a field failed: a date that is no date is named once, on its field.
        if ([query.from, query.to].some((value) => value !== undefined && !isDay(value))) return;
        for (const field of ["from", "to"] as const) {
          const value = query[field];
          if (value !== undefined && (value < FIRST_DAY || value > LAST_DAY))
            ctx.addIssue({ code: "custom", path: [field], message: `A date from ${FIRST_DAY} to ${LAST_DAY}` });
        }
        if ((query.from === undefined) !== (query.to === undefined))
          ctx.addIssue({ code: "custom", path: [query.from === undefined ? "from" : "to"], message: "Give from and to together" });
        else if (query.from && query.to && query.from > query.to)
          ctx.addIssue({ code: "custom", path: ["to"], message: "Earlier than from" });
        else if (query.from && query.to && Date.parse(`${query.to}T00:00:00Z`) >= threeYearsFrom(query.from))
          ctx.addIssue({ code: "custom", path: ["to"], message: "At most three years at a time" });
        if (query.period && query.from)
          ctx.addIssue({ code: "custom", path: ["period"], message: "Give a period or from and to, not both" });
      })
  );
}

/** GET …/metrics: the period, and an environment by name (default production, else the pipeline's last). */
export const metricsQuerySchema = periodQuery("An environment's name (default production, else the pipeline's last)");
/** GET …/test-health: the period, and an environment by name (default: all environments). */
export const testHealthQuerySchema = periodQuery("An environment's name (default: all environments)");

/**
 * The span a query asks for: a period up to now, or whole UTC days (to included) ending now at the
 * latest — days still to come would count as days without deployments. A span starting after
 * today: 422 on `from`.
 */
export function spanOf(query: z.infer<typeof metricsQuerySchema>, now: Date): { from: Date; to: Date } {
  if (query.from && query.to) {
    const from = new Date(`${query.from}T00:00:00Z`);
    if (from.getTime() >= now.getTime())
      throw new ValidationFailed([
        { field: "from", message: `A day up to today (${now.toISOString().slice(0, 10)}, UTC): nothing has happened after it yet` },
      ]);
    return { from, to: new Date(Math.min(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000, now.getTime())) };
  }
  const days = Number((query.period ?? "90d").slice(0, -1));
  return { from: new Date(now.getTime() - days * 86_400_000), to: now };
}

/**
 * What is left of a page's query once the fields a 422 named are taken out, so that one wrong
 * field does not cost the others (an environment misspelt keeps the dates). The dates go as a
 * pair: from without to is no period. Fields the query does not take go too.
 */
export function withoutRefused(asked: Record<string, string>, refused: readonly { field: string }[]): Record<string, string> {
  const named = new Set(refused.map((error) => error.field));
  if (named.has("from") || named.has("to")) named.add("from").add("to");
  const known = new Set(["period", "from", "to", "environment"]);
  return Object.fromEntries(Object.entries(asked).filter(([field]) => known.has(field) && !named.has(field)));
}

/** What a caller may ask for; anything else is refused by the schema (a query string may hold anything). */
export type MetricsQuery = { period?: Period; from?: string; to?: string; environment?: string } | Record<string, string>;

/** One key figure of a period: its value (null when nothing happened to measure), the DORA level, and the previous period's value. */
export type KeyFigure = { value: number | null; band: Band | null; previous: number | null };

/** A bucket of the period (a day, a week or a month, UTC) for the charts. */
export type MetricsBucket = {
  /** Its first instant, ISO 8601. */
  start: string;
  deployments: number;
  failed: number;
  rolledBack: number;
  /** Median lead time of its deployments, seconds. */
  leadTimeSeconds: number | null;
};

export type SlowApproval = { promotionId: string; number: number; version: string; waitedSeconds: number; requestedAt: string };

/** The four DORA keys of a period. */
export type FourKeys = {
  /** Successful deployments per day (rollbacks excluded), and their count. */
  deploymentFrequency: KeyFigure & { deployments: number };
  /** Median, from the release's commit (committedAt) where known, else its registration, to its success there. */
  leadTimeSeconds: KeyFigure;
  /** (failed + later rolled back) ÷ (succeeded + failed), rollbacks excluded. */
  changeFailureRate: KeyFigure & { failed: number; rolledBack: number };
  /** Median, from a failure (a failed deployment, or a rollback's request) to the next success there. */
  recoverySeconds: KeyFigure & { failures: number; open: number };
};

/** GET /api/v1/metrics — every project the caller sees, and all of them as one set of deployments. */
export type PortfolioMetricsDto = {
  from: string;
  to: string;
  period: Period | null;
  /** The environment asked for by name, or null: each project's production (else its pipeline's last). */
  environment: string | null;
  /** Every environment name the listed projects have, in pipeline order (a name first seen earlier comes first). */
  environments: string[];
  bands: string;
  /** The keys over every listed project's deployments together; `projects`: how many had the environment. */
  all: FourKeys & { projects: number };
  /** By name; `environment` null (and no keys) where the project has no environment of that name. */
  projects: (
    | ({ project: { slug: string; name: string }; environment: string } & FourKeys)
    | { project: { slug: string; name: string }; environment: null }
  )[];
};

/** GET …/metrics — all durations in seconds, rates from 0 to 1; `bands` names the DORA table used. */
export type DeliveryMetricsDto = FourKeys & {
  project: { slug: string; name: string };
  environment: { id: string; name: string };
  environments: string[];
  from: string;
  /** The end, excluded (a chosen last day ends at the next midnight). */
  to: string;
  /** The period asked for, or null when dates were. */
  period: Period | null;
  bucket: "day" | "week" | "month";
  bands: string;
  /** Successful deployments per day (rollbacks excluded), and their count. */
  deploymentFrequency: KeyFigure & { deployments: number };
  /** Median, from the release's commit (committedAt) where known, else its registration, to its success here. */
  leadTimeSeconds: KeyFigure;
  /** (failed + later rolled back) ÷ (succeeded + failed), rollbacks excluded. */
  changeFailureRate: KeyFigure & { failed: number; rolledBack: number };
  /** Median, from a failure (a failed deployment, or a rollback's request) to the next success here. */
  recoverySeconds: KeyFigure & { failures: number; open: number };
  /** Beyond DORA: from a promotion's request to its approval (promotions that waited for people). */
  approvalWait: {
    medianSeconds: number | null;
    p90Seconds: number | null;
    count: number;
    /** Per rule of the environment's policy today (role order): from the request to the approval that met the rule. */
    byRule: { role: Role; minCount: number; medianSeconds: number | null; count: number }[];
    slowest: SlowApproval[];
  };
  /** Beyond DORA: from the release's success in the environment the policy names for QA's sign-off to that sign-off; null when it names none. */
  signOffWait: { environment: string; medianSeconds: number | null; p90Seconds: number | null; count: number } | null;
  /**
   * Beyond DORA: promotions approved in the period that a freeze held (from the first settling of
   * their gates that found the freeze waiting to the one that found it over or overridden), their
   * median and 90th percentile and the hours lost in all; `heldNow`: promotions a freeze holds now.
   */
  freezeWait: { medianSeconds: number | null; p90Seconds: number | null; count: number; totalSeconds: number; heldNow: number };
  series: MetricsBucket[];
};

/** A case in a test-health list: its key (PROJECTKEY-number, its page shows its history) and title. */
type HealthCase = { key: string; title: string };

/** GET …/test-health — durations in milliseconds, rates from 0 to 1, instants ISO 8601 (see lib/insights/test-health.ts for the words). */
export type TestHealthDto = {
  project: { slug: string; name: string };
  /** The environment asked for, or null: all environments. */
  environment: string | null;
  from: string;
  to: string;
  period: Period | null;
  /** The period's newest runs (at most 100), oldest first; passRate = passed ÷ (passed + failed + blocked), null when none of those. */
  runs: {
    number: number;
    name: string;
    version: string;
    environment: string;
    createdAt: string;
    passed: number;
    failed: number;
    blocked: number;
    skipped: number;
    untested: number;
    passRate: number | null;
  }[];
  /** Cases by how many release × environment pairs they were flaky on (of `ran` with an outcome), most first. */
  flaky: (HealthCase & { flaky: number; ran: number; lastFlakyAt: string })[];
  /** Cases whose outcome flipped between consecutive releases at least twice in an environment; `last`: the newest outcome. */
  unstable: (HealthCase & { flips: number; releases: number; environment: string; last: "passed" | "failed" })[];
  /** Automated cases by median duration over the period's results, with the previous period's median (null: none then). */
  slowest: (HealthCase & { medianMs: number; previousMedianMs: number | null; results: number })[];
  /** Cases failing on every release since their last pass in an environment, longest first; `version`: the newest failing release. */
  failingLongest: (HealthCase & { since: string; releases: number; environment: string; version: string })[];
};
