// The deployments behind an environment's delivery figures, as CSV: what a team exports to check
// a figure by hand or to chart it elsewhere. The words and rules are delivery.ts's.
import "server-only";
import { stringify } from "csv-stringify/sync";
import { readRows } from "@/lib/db/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { changeStartedSql, deliveryScope, rolledBackSql } from "./delivery";
import type { MetricsQuery } from "./schemas";

/** The CSV's columns, in order; times ISO 8601 UTC, durations in seconds, empty where none applies. */
const COLUMNS = [
  "number",
  "version",
  "commitSha",
  "rollback",
  "status",
  "committedAt",
  "registeredAt",
  "requestedAt",
  "decidedAt",
  "succeededAt",
  "failedAt",
  "leadTimeSeconds",
  "approvalWaitSeconds",
  "freezeWaitSeconds",
  "rolledBack",
] as const;

type Row = {
  number: number;
  version: string;
  commitSha: string;
  rollback: boolean;
  status: string;
  committedAt: Date | null;
  registeredAt: Date;
  requestedAt: Date;
  decidedAt: Date | null;
  succeededAt: Date | null;
  failedAt: Date | null;
  leadTimeSeconds: number | null;
  approvalWaitSeconds: number | null;
  freezeWaitSeconds: number;
  rolledBack: boolean;
};

const cell = (value: Row[keyof Row]): string | number =>
  value === null ? "" : value instanceof Date ? value.toISOString() : typeof value === "boolean" ? (value ? "yes" : "no") : value;

/**
 * GET …/metrics/deployments: every deployment to the environment that succeeded or failed in the
 * period, every promotion approved in it (the approval and freeze waits count those, deployed
 * yet or not) and every rollback requested in it, oldest first, as CSV (a header row, UTF-8, quoted as RFC 4180 says;
 * a cell that a spreadsheet would run as a formula is quoted with a leading apostrophe).
 * leadTimeSeconds: a success's (not a rollback's), from the commit where known, else the
 * registration; approvalWaitSeconds: from the request to the approval that completed it;
 * rolledBack: a rollback later replaced it. Same query and errors as …/metrics.
 */
export async function deliveryDeploymentsCsv(
  slug: string,
  input: MetricsQuery,
  now = new Date(),
): Promise<{ filename: string; csv: string }> {
  const { project, environment, from, to } = await deliveryScope(slug, input, now);
  const rows = await readRows<Row>(Prisma.sql`
    select d.number, r.version, r."commitSha", d."isRollback" as rollback, lower(d.status::text) as status,
           r."committedAt", r."createdAt" as "registeredAt", d."createdAt" as "requestedAt", d."decidedAt", d."succeededAt",
           case when d.status = 'FAILED' then coalesce(d."finishedAt", d."updatedAt") end as "failedAt",
           case when not d."isRollback" and d."succeededAt" is not null
                then extract(epoch from d."succeededAt" - ${changeStartedSql})::float8 end as "leadTimeSeconds",
           extract(epoch from (select max(a."createdAt") from "Approval" a
                               where a."deploymentId" = d.id and a.decision = 'APPROVE' and a."createdAt" <= d."decidedAt") - d."createdAt")::float8
             as "approvalWaitSeconds",
           d."freezeWaitSeconds",
           ${rolledBackSql} as "rolledBack"
    from "Deployment" d join "Release" r on r.id = d."releaseId"
    where d."environmentId" = ${environment.id}::uuid
      and ((d."succeededAt" >= ${from} and d."succeededAt" < ${to})
        or (d."decidedAt" >= ${from} and d."decidedAt" < ${to} and d.status in ('APPROVED', 'DEPLOYING', 'SUCCEEDED', 'FAILED', 'SUPERSEDED'))
        or (d.status = 'FAILED' and coalesce(d."finishedAt", d."updatedAt") >= ${from} and coalesce(d."finishedAt", d."updatedAt") < ${to})
        or (d."isRollback" and d."createdAt" >= ${from} and d."createdAt" < ${to}))
    order by coalesce(d."succeededAt", d."finishedAt", d."decidedAt", d."createdAt"), d.number`);
  const csv = stringify(
    rows.map((row) => COLUMNS.map((column) => cell(row[column]))),
    { header: true, columns: [...COLUMNS], escape_formulas: true },
  );
  const day = (at: Date) => at.toISOString().slice(0, 10);
  const lastDay = day(new Date(to.getTime() - 1));
  const name = `${project.slug}-${environment.name}-deployments-${day(from)}-to-${lastDay}.csv`;
  // A file name fit for Content-Disposition whatever the environment is called.
  return { filename: name.replace(/[^A-Za-z0-9._-]+/g, "-"), csv };
}
