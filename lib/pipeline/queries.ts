import "server-only";
import { createHash } from "node:crypto";
import { db, type Db, type Tx } from "@/lib/db/client";
import { actorName } from "@/lib/auth/actor";
import { projectWithPolicies } from "@/lib/promotions/context";
import { NotFound } from "@/lib/http/errors";
import { isUuid } from "@/lib/http/validation";
import { appUrl } from "@/lib/webhooks/outbox";
import { diffPipelines, pipelineOf, toYaml, type LiveEnvironment } from "./model";
import { parsePipeline } from "./parse";
import type { GateWeakening, PendingChangeDetailDto, PendingChangeDto, PipelineChange, PipelineFile } from "./schemas";
import { gateWeakenings } from "./weakening";

export type LivePipeline = {
  project: { id: string; slug: string; name: string };
  /** Environments in pipeline order, with their ids. */
  environments: (LiveEnvironment & { id: string; position: number })[];
  file: PipelineFile;
  managed: { revision: string; appliedAt: string; appliedBy: string } | null;
};

/** The project's pipeline as the database holds it, in the file's shape. */
export async function livePipeline(slug: string, client: Db | Tx = db()): Promise<LivePipeline> {
  const project = await projectWithPolicies(client, slug);
  const { repository } = await client.project.findUniqueOrThrow({ where: { id: project.id }, select: { repository: true } });
  const names = new Map(project.environments.map((env) => [env.id, env.name]));
  const environments = project.environments.map((env) => ({
    ...env,
    signOffIn: env.signOffEnvironmentId ? (names.get(env.signOffEnvironmentId) ?? null) : null,
  }));
  return {
    project: { id: project.id, slug: project.slug, name: project.name },
    environments,
    file: pipelineOf(project.slug, environments, repository),
    managed:
      project.pipelineManaged && project.pipelineRevision
        ? {
            revision: project.pipelineRevision,
            appliedAt: project.pipelineAppliedAt!.toISOString(),
            appliedBy: project.pipelineAppliedBy ?? "",
          }
        : null,
  };
}

/** The live pipeline as a shiproom.yaml (export → apply changes nothing). */
export async function exportPipeline(slug: string): Promise<string> {
  const live = await livePipeline(slug);
  return toYaml(live.file, [
    `The pipeline of ${live.project.name}, exported by Shiproom.`,
    "Change it, then: shiproom plan shiproom.yaml && shiproom apply shiproom.yaml",
    "Schema: /api/v1/schemas/shiproom.json",
  ]);
}

/** A file's revision when none is given: its content hash. */
export function contentRevision(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
}

/** A fingerprint of a plan: an admin approving what they were shown sends it back (lib/pipeline/mutations.ts). */
export function planDigest(changes: PipelineChange[]): string {
  return createHash("sha256").update(JSON.stringify(changes)).digest("hex").slice(0, 32);
}

const changeSelect = {
  id: true,
  status: true,
  revision: true,
  proposedByLabel: true,
  createdAt: true,
  weakenings: true,
  decidedAt: true,
  decisionNote: true,
  yaml: true,
  decidedById: true,
} as const;

type ChangeRow = {
  id: string;
  status: PendingChangeDto["status"];
  revision: string;
  proposedByLabel: string;
  createdAt: Date;
  weakenings: unknown;
  decidedAt: Date | null;
  decisionNote: string | null;
  yaml: string;
  decidedById: string | null;
};

async function toDto(client: Db | Tx, slug: string, row: ChangeRow): Promise<PendingChangeDto> {
  const decider = row.decidedById ? await client.member.findUnique({ where: { id: row.decidedById }, select: { name: true } }) : null;
  return {
    id: row.id,
    status: row.status,
    revision: row.revision,
    proposedBy: actorName(row.proposedByLabel),
    createdAt: row.createdAt.toISOString(),
    weakenings: row.weakenings as GateWeakening[],
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: decider?.name ?? null,
    decisionNote: row.decisionNote,
    links: {
      review: appUrl(`/projects/${slug}/policies/changes/${row.id}`),
      api: appUrl(`/api/v1/projects/${slug}/pipeline/changes/${row.id}`),
    },
  };
}

/** One pipeline change of the project (404 when it is not this project's). */
export async function pendingChangeDto(slug: string, id: string, client: Db | Tx = db()): Promise<PendingChangeDto> {
  return toDto(client, slug, await findChange(client, slug, id));
}

async function findChange(client: Db | Tx, slug: string, id: string): Promise<ChangeRow> {
  const row = isUuid(id)
    ? await client.pendingPipelineChange.findFirst({ where: { id, project: { slug, archivedAt: null } }, select: changeSelect })
    : null;
  if (!row) throw new NotFound("Pipeline change");
  return row;
}

/** A change with what approving it would do now: planned against the live pipeline. */
export async function pipelineChangeDetail(slug: string, id: string): Promise<PendingChangeDetailDto> {
  const row = await findChange(db(), slug, id);
  const dto = await toDto(db(), slug, row);
  if (row.status !== "PENDING") return { ...dto, yaml: row.yaml, plan: null, problem: null };
  const parsed = parsePipeline(row.yaml);
  if (!parsed.ok) return { ...dto, yaml: row.yaml, plan: null, problem: "The file no longer reads as a valid shiproom.yaml." };
  const live = await livePipeline(slug);
  const changes = diffPipelines(live.file, parsed.file);
  return {
    ...dto,
    yaml: row.yaml,
    plan: { changes, weakenings: gateWeakenings(live.file, parsed.file), planDigest: planDigest(changes) },
    problem: null,
  };
}

/** The project's pipeline changes sent by tokens, newest first (the pending one, if any, first). */
export async function listPipelineChanges(slug: string, limit = 20): Promise<PendingChangeDto[]> {
  const rows = await db().pendingPipelineChange.findMany({
    where: { project: { slug, archivedAt: null } },
    select: changeSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  const dtos = await Promise.all(rows.map((row) => toDto(db(), slug, row)));
  return dtos.sort((a, b) => Number(b.status === "PENDING") - Number(a.status === "PENDING"));
}

/** Every pending change of every active project, oldest first (admins' "Waiting on me"). */
export async function listWaitingPipelineChanges(): Promise<{ project: { slug: string; name: string }; change: PendingChangeDto }[]> {
  const rows = await db().pendingPipelineChange.findMany({
    where: { status: "PENDING", project: { archivedAt: null } },
    select: { ...changeSelect, project: { select: { slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return Promise.all(rows.map(async ({ project, ...row }) => ({ project, change: await toDto(db(), project.slug, row) })));
}
