// The durable outbox: deliveries are written in the same transaction as the change they
// announce (a rolled-back change announces nothing; a committed one is never lost), then sent
// by the dispatcher (./dispatcher.ts) of any server process, with retries.
import "server-only";
import { randomUUID } from "node:crypto";
import { actorName } from "@/lib/auth/actor";
import { unseal } from "@/lib/auth/secret-box";
import type { Tx } from "@/lib/db/client";
import { readRows } from "@/lib/db/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { DeployTarget } from "@/lib/generated/prisma/enums";
import { env } from "@/lib/env";
import { notifyChange } from "@/lib/realtime/notify";
import { eventBody, type EventData, type EventEnvelope } from "./payloads";
import { DEPLOY_EVENT, GIT_EVENT, type WebhookEvent } from "./schemas";
import { commitMessage, stateFile, statePath, type DeploymentFacts } from "@/lib/gitops/state";

/** The part of a promotion an event tells about. */
export type PromotionFacts = {
  id: string;
  number: number;
  status: string;
  isRollback: boolean;
  reason: string | null;
  release: { version: string; commitSha: string; artifactRef: string | null };
  environment: { name: string };
};

/** Where an environment's deploy hook goes (Environment.deployConfig when the target is WEBHOOK). */
export type DeployHookConfig = { url: string; secret: string; secretPrefix: string };

export function deployHookConfig(value: unknown): DeployHookConfig | null {
  const config = value as Partial<DeployHookConfig> | null;
  return config && typeof config.url === "string" && typeof config.secret === "string"
    ? { url: config.url, secret: config.secret, secretPrefix: config.secretPrefix ?? "" }
    : null;
}

export function appUrl(path = ""): string {
  return `${env().publicUrl}${path}`;
}

export function promotionData(slug: string, row: PromotionFacts, actor: string, message?: string | null): EventData {
  return {
    actor: actorName(actor),
    release: { version: row.release.version, commitSha: row.release.commitSha, artifactRef: row.release.artifactRef },
    promotion: {
      id: row.id,
      number: row.number,
      environment: row.environment.name,
      status: row.status,
      isRollback: row.isRollback,
      reason: row.reason,
      url: appUrl(`/projects/${slug}/releases/${encodeURIComponent(row.release.version)}`),
    },
    message: message ?? null,
  };
}

function envelope(type: string, project: { slug: string; name: string }, data: EventData): EventEnvelope {
  return {
    id: `evt_${randomUUID()}`,
    type,
    createdAt: new Date().toISOString(),
    project: { slug: project.slug, name: project.name, url: appUrl(`/projects/${project.slug}`) },
    data,
  };
}

async function insertDelivery(
  tx: Tx,
  projectId: string,
  e: EventEnvelope,
  target: { url: string; webhookId?: string; deploymentId?: string },
  body: string,
) {
  await tx.webhookDelivery.create({
    data: {
      projectId,
      eventId: e.id,
      eventType: e.type,
      url: target.url,
      body,
      webhookId: target.webhookId ?? null,
      deploymentId: target.deploymentId ?? null,
    },
  });
}

type Hook = { id: string; url: string; format: "JSON" | "SLACK"; events: string[] };

// A change that raises several events (a release registered and approved into dev) asks for the
// project's webhooks once: asked on every change, mostly answered "none".
const hooksOfChange = new WeakMap<Tx, Map<string, Promise<Hook[]>>>();

function activeHooks(tx: Tx, projectId: string): Promise<Hook[]> {
  const known = hooksOfChange.get(tx) ?? new Map<string, Promise<Hook[]>>();
  hooksOfChange.set(tx, known);
  let hooks = known.get(projectId);
  if (!hooks) {
    hooks = readRows<Hook>(
      Prisma.sql`select id, url, format::text as format, events::text[] as events from "Webhook" where "projectId" = ${projectId}::uuid and active order by "createdAt"`,
      tx,
    );
    known.set(projectId, hooks);
  }
  return hooks;
}

/** Queues the event for every active webhook of the project subscribed to it. */
export async function enqueueEvent(tx: Tx, projectId: string, type: WebhookEvent, data: EventData): Promise<number> {
  const hooks = (await activeHooks(tx, projectId)).filter((hook) => hook.events.includes(type));
  if (hooks.length === 0) return 0;
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { slug: true, name: true } });
  for (const hook of hooks) {
    const e = envelope(type, project, data);
    await insertDelivery(tx, projectId, e, { url: hook.url, webhookId: hook.id }, eventBody(e, hook.format));
  }
  await notifyChange(tx, { projectId, projectSlug: project.slug, topics: ["deliveries"] });
  return hooks.length;
}

/** Who decided an approved promotion, for its deploy hook or its git commit. */
export type Decision = {
  actor: string;
  requestedBy: string;
  approvals: { name: string; email: string | null; at: string; comment: string | null }[];
  /** "Quinn QA (run #3)" when QA's sign-off was required. */
  signOff: string | null;
};

/** The git target's settings (Environment.deployConfig when the target is GIT). */
export type GitConfig = { repository: string; branch: string; path: string; credentials?: string };

export function gitConfig(value: unknown): GitConfig | null {
  const config = value as Partial<GitConfig> | null;
  return config && typeof config.repository === "string"
    ? {
        repository: config.repository,
        branch: config.branch ?? "main",
        path: config.path ?? "environments/{environment}.yaml",
        credentials: config.credentials,
      }
    : null;
}

/**
 * Queues what deploys an approved promotion: a signed deploy hook (target WEBHOOK) or a commit
 * of the environment's state file (target GIT). Manual targets queue nothing: ops report.
 */
export async function enqueueDeployment(
  tx: Tx,
  projectId: string,
  row: PromotionFacts & {
    environment: { deployTarget: DeployTarget; deployConfig: Prisma.JsonValue };
    project: { slug: string; name: string };
  },
  decision: Decision,
): Promise<"webhook" | "git" | null> {
  // The promotion as loaded names its environment's target and its project: no read here.
  const { environment, project } = row;
  const hook = environment.deployTarget === "WEBHOOK" ? deployHookConfig(environment.deployConfig) : null;
  const git = environment.deployTarget === "GIT" ? gitConfig(environment.deployConfig) : null;
  if (!hook && !git) return null;
  if (hook) {
    const e = envelope(DEPLOY_EVENT, project, {
      ...promotionData(project.slug, row, decision.actor),
      approvals: decision.approvals.map((a) => ({ by: a.name, at: a.at, comment: a.comment })),
      report: {
        method: "POST",
        url: appUrl(`/api/v1/promotions/${row.id}/report`),
        body: { status: "deploying | succeeded | failed", message: "optional", url: "optional link to the deployment" },
        cli: `shiproom deploy report --deployment ${row.id} --status succeeded`,
      },
    });
    await insertDelivery(tx, projectId, e, { url: hook.url, deploymentId: row.id }, eventBody(e, "JSON"));
  } else {
    const facts: DeploymentFacts = {
      project,
      environment: row.environment.name,
      promotion: { id: row.id, number: row.number, isRollback: row.isRollback, reason: row.reason, requestedBy: decision.requestedBy },
      release: row.release,
      approvals: decision.approvals.map((a) => ({ name: a.name, email: a.email })),
      signOff: decision.signOff,
      approvedAt: new Date().toISOString(),
    };
    const body: GitDelivery = {
      branch: git!.branch,
      path: statePath(git!.path, facts),
      content: stateFile(facts),
      message: commitMessage(facts),
    };
    const e = envelope(GIT_EVENT, project, { actor: decision.actor });
    await insertDelivery(tx, projectId, e, { url: git!.repository, deploymentId: row.id }, JSON.stringify(body));
  }
  await notifyChange(tx, { projectId, projectSlug: project.slug, topics: ["deliveries"] });
  return hook ? "webhook" : "git";
}

/** What a git delivery commits (the delivery's url is the repository). */
export type GitDelivery = { branch: string; path: string; content: string; message: string };

/** The signing secret of a delivery's target, in clear (only the dispatcher needs it). */
export function signingSecret(sealed: string | null | undefined): string | null {
  return sealed ? unseal(sealed) : null;
}
