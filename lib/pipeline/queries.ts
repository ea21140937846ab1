import "server-only";
import { createHash } from "node:crypto";
import { db, type Db, type Tx } from "@/lib/db/client";
import { projectWithPolicies } from "@/lib/promotions/context";
import { pipelineOf, toYaml, type LiveEnvironment } from "./model";
import type { PipelineFile } from "./schemas";

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
  const names = new Map(project.environments.map((env) => [env.id, env.name]));
  const environments = project.environments.map((env) => ({
    ...env,
    signOffIn: env.signOffEnvironmentId ? (names.get(env.signOffEnvironmentId) ?? null) : null,
  }));
  return {
    project: { id: project.id, slug: project.slug, name: project.name },
    environments,
    file: pipelineOf(project.slug, environments),
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
