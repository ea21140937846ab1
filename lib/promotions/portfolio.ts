// The release board across projects ("what version is deployed where"): one row per project,
// one column per environment name, each cell what runs there and since when, what is being
// deployed, and the promotion that waits with its checklist. Three reads whatever the number of
// projects: the projects with their environments, what runs or is in flight in all of them, and
// the waiting promotions with their gate context (the loader the project board and mutations use,
// so a cell says what the gates enforce).
import { Prisma } from "@/lib/generated/prisma/client";
import "server-only";
import { db } from "@/lib/db/client";
import { gateContexts, loadPromotionRows } from "./context";
import { evaluateGates } from "./gates";

export type PortfolioCell = {
  environment: { id: string; name: string; position: number };
  /** The release running here: its deployment number and when it succeeded (ISO). */
  current: { version: string; number: number; since: string; isRollback: boolean } | null;
  /** An approved deployment not yet reported, or one under way. */
  inFlight: { version: string; number: number; status: "APPROVED" | "DEPLOYING"; isRollback: boolean } | null;
  /** The promotion waiting here, with how many of its gates pass and what it waits on first. */
  waiting: {
    id: string;
    version: string;
    number: number;
    isRollback: boolean;
    checks: { passed: number; total: number };
    waitingOn: string | null;
  } | null;
};

export type PortfolioBoardDto = {
  /** Column names: every environment name any project has, each after the names that precede it in some pipeline (see columnOrder). */
  environments: string[];
  /** One row per live project, by name (in any letter case); `cells[i]` is the project's environment named `environments[i]`, null when it has none. */
  projects: { project: { slug: string; key: string; name: string }; cells: (PortfolioCell | null)[] }[];
  generatedAt: string;
};

/**
 * One column order for pipelines that may differ: every name once, after every name that comes
 * before it in some project's pipeline (dev → production and dev → staging → production give
 * dev, staging, production). Among names free to go next, the one placed earliest in any
 * pipeline, then by name; where pipelines disagree (qa before staging in one, after it in
 * another), the earliest placed goes first.
 */
function columnOrder(pipelines: string[][]): string[] {
  const earliest = new Map<string, number>();
  const before = new Map<string, Set<string>>();
  for (const names of pipelines)
    names.forEach((name, index) => {
      earliest.set(name, Math.min(index, earliest.get(name) ?? Infinity));
      const set = before.get(name) ?? new Set<string>();
      names.slice(0, index).forEach((earlier) => set.add(earlier));
      before.set(name, set);
    });
  const order: string[] = [];
  const rank = (a: string, b: string) => earliest.get(a)! - earliest.get(b)! || a.localeCompare(b);
  const left = new Set(earliest.keys());
  while (left.size > 0) {
    const remaining = [...left].sort(rank);
    const next = remaining.find((name) => [...before.get(name)!].every((earlier) => !left.has(earlier))) ?? remaining[0]!;
    order.push(next);
    left.delete(next);
  }
  return order;
}

/**
 * The board across `projects` ("all": every live project; else those ids, as for an API token).
 * Errors: none of its own (an empty list gives an empty board).
 */
export async function getPortfolioBoard(projects: "all" | string[]): Promise<PortfolioBoardDto> {
  const found = await db().project.findMany({
    where: { archivedAt: null, ...(projects === "all" ? {} : { id: { in: projects } }) },
    select: { id: true, slug: true, key: true, name: true, environments: { select: { id: true, name: true, position: true } } },
  });
  const environmentIds = found.flatMap((project) => project.environments.map((env) => env.id));
  const live = await db().deployment.findMany({
    where: { environmentId: { in: environmentIds }, status: { in: ["SUCCEEDED", "APPROVED", "DEPLOYING"] } },
    select: {
      environmentId: true,
      number: true,
      status: true,
      isRollback: true,
      succeededAt: true,
      finishedAt: true,
      createdAt: true,
      release: { select: { version: true } },
    },
  });
  const waitingRows = await loadPromotionRows(
    db(),
    Prisma.sql`d."environmentId" = any(${environmentIds}::uuid[]) and d.status in ('REQUESTED', 'AWAITING_GATES')`,
  );
  const contexts = await gateContexts(db(), waitingRows);

  const environments = columnOrder(
    found.map((project) => [...project.environments].sort((a, b) => a.position - b.position).map((env) => env.name)),
  );
  found.sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.slug.localeCompare(b.slug));

  return {
    environments,
    projects: found.map((project) => ({
      project: { slug: project.slug, key: project.key, name: project.name },
      cells: environments.map((name) => {
        const env = project.environments.find((candidate) => candidate.name === name);
        if (!env) return null;
        const current = live.find((d) => d.environmentId === env.id && d.status === "SUCCEEDED");
        const inFlight = live.find((d) => d.environmentId === env.id && d.status !== "SUCCEEDED");
        const waiting = waitingRows.find((row) => row.environmentId === env.id);
        const evaluation = waiting ? evaluateGates(contexts.get(waiting.id)!) : null;
        const blocking = evaluation?.gates.find((gate) => gate.status !== "passed");
        return {
          environment: env,
          current: current
            ? {
                version: current.release.version,
                number: current.number,
                since: (current.succeededAt ?? current.finishedAt ?? current.createdAt).toISOString(),
                isRollback: current.isRollback,
              }
            : null,
          inFlight: inFlight
            ? {
                version: inFlight.release.version,
                number: inFlight.number,
                status: inFlight.status as "APPROVED" | "DEPLOYING",
                isRollback: inFlight.isRollback,
              }
            : null,
          waiting:
            waiting && evaluation
              ? {
                  id: waiting.id,
                  version: waiting.release.version,
                  number: waiting.number,
                  isRollback: waiting.isRollback,
                  checks: { passed: evaluation.gates.filter((gate) => gate.status === "passed").length, total: evaluation.gates.length },
                  waitingOn: blocking ? (blocking.waitingOn ?? `${blocking.title}: ${blocking.summary}`) : null,
                }
              : null,
        };
      }),
    })),
    generatedAt: new Date().toISOString(),
  };
}
