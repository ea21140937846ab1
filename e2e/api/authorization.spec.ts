// The authorization matrix: every mutating operation of the registry (lib/api/operations.ts),
// called by everyone in e2e/api/callers.ts. Signed out answers 401; a member without the role,
// or a token without the operation's scope, 403; another project's token holding the scope 404
// (what no token may do, 403); the rest get past authorization (2xx, or 409/422 for the object's state).
// A refused call changes nothing: no audit event by the refusing caller, the project unchanged.
// An operation added to the registry without a row here fails the suite.
import { randomBytes, randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { operations } from "@/lib/api/operations";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Operation } from "@/lib/http/operation";
import { policyInput } from "@/lib/testing/policies";
import { apiAs, expect, newProject, test, tokenClient, unique } from "../fixtures";
import { makeCallers, MATRIX_PASSWORD, type Caller, type Callers } from "./callers";

type Req = {
  method: Operation["method"];
  path: string;
  data?: unknown;
  raw?: { body: string; type: string; headers?: Record<string, string> };
};
type Setup = Record<string, string>;
type World = {
  slug: string;
  admin: APIRequestContext;
  dev: APIRequestContext;
  ops: APIRequestContext;
  pipeline: APIRequestContext;
  callers: Callers;
  /** The project's pipeline as it was made (production: 1 from Ops and QA's sign-off). */
  strict: string;
};
type Scenario = {
  /** Members holding one of these roles may do it ("all": every member; "public": anyone, signed out too). */
  roles: Role[] | "all" | "public";
  /** Objects the request needs, made fresh for each caller that may succeed (and once for all who may not). */
  setup?: (w: World, caller: Caller) => Promise<Setup>;
  request: (w: World, s: Setup) => Req;
};

const sha = () => randomBytes(4).toString("hex");
const json = async <T>(response: { json(): Promise<unknown> }) => (await response.json()) as T;
const JUNIT = `<testsuite name="matrix"><testcase classname="matrix" name="passes"/></testsuite>`;
const WEAKER = (slug: string) =>
  `version: 1\nproject: ${slug}\nenvironments:\n  - name: dev\n    autoPromote: true\n    requirePreviousSuccess: false\n  - name: staging\n  - name: production\n`;

async function release(w: World): Promise<string> {
  const version = `v${sha()}`;
  expect((await w.dev.post(`/api/v1/projects/${w.slug}/releases`, { data: { version, commitSha: sha() } })).status()).toBe(201);
  return version;
}
async function inFlight(w: World, version: string, environment: string): Promise<string> {
  const board = await json<{ columns: { environment: { name: string }; inFlight: { id: string; release: { version: string } } | null }[] }>(
    await w.dev.get(`/api/v1/projects/${w.slug}/board`),
  );
  return board.columns.find((c) => c.environment.name === environment)!.inFlight!.id;
}
async function promote(w: World, version: string, environment: string): Promise<{ id: string; status: string }> {
  const response = await w.dev.post(`/api/v1/projects/${w.slug}/promotions`, { data: { release: version, environment } });
  expect(response.status()).toBe(201);
  return json(response);
}
/** A release through dev and staging, and a promotion to production waiting on Ops and QA's sign-off. */
async function waitingInProduction(w: World): Promise<Setup> {
  const version = await release(w);
  await w.ops.post(`/api/v1/promotions/${await inFlight(w, version, "dev")}/report`, { data: { status: "succeeded" } });
  const staging = await promote(w, version, "staging");
  await w.ops.post(`/api/v1/promotions/${staging.id}/report`, { data: { status: "succeeded" } });
  const production = await promote(w, version, "production");
  expect(production.status).toBe("AWAITING_GATES");
  return { id: production.id, version };
}
async function run(w: World): Promise<Setup> {
  const version = await release(w);
  const created = await w.admin.post(`/api/v1/projects/${w.slug}/runs`, { data: { release: version, environment: "staging", all: true } });
  expect(created.status()).toBe(201);
  const { id } = await json<{ id: string }>(created);
  const detail = await json<{ results: { id: string }[] }>(await w.admin.get(`/api/v1/runs/${id}`));
  return { id, resultId: detail.results[0]!.id, version };
}
/** A run holding a new case with two steps; `resultId`: that case's result. */
async function runWithSteps(w: World): Promise<Setup> {
  const steps = [
    { action: "Open the cart", expected: "It opens" },
    { action: "Pay", expected: "Paid" },
  ];
  const created = await json<{ key: string }>(
    await w.admin.post(`/api/v1/projects/${w.slug}/cases`, { data: { title: `Steps ${sha()}`, steps } }),
  );
  const made = await run(w);
  const detail = await json<{ results: { id: string; caseKey: string }[] }>(await w.admin.get(`/api/v1/runs/${made.id}`));
  return { ...made, resultId: detail.results.find((r) => r.caseKey === created.key)!.id };
}
/** A run whose first result the admin failed; with `linked`, the admin also linked an issue to it. */
async function failedResult(w: World, linked = false): Promise<Setup> {
  const made = await run(w);
  const path = `/api/v1/runs/${made.id}/results/${made.resultId}`;
  expect((await w.admin.put(path, { data: { status: "FAILED" } })).status()).toBe(200);
  if (!linked) return made;
  const link = await w.admin.post(`${path}/defect-links`, { data: { url: `https://github.com/acme/shop/issues/${parseInt(sha(), 16)}` } });
  expect(link.status()).toBe(201);
  return { ...made, linkId: (await json<{ id: string }>(link)).id };
}
async function testCase(w: World): Promise<Setup> {
  const created = await json<{ id: string; key: string; revision: number }>(
    await w.admin.post(`/api/v1/projects/${w.slug}/cases`, { data: { title: `Case ${sha()}` } }),
  );
  return { id: created.id, key: created.key, revision: String(created.revision) };
}
/** A log the admin attached to a failed result: an admin removes it, and nobody else (who did not upload it). */
async function attachment(w: World): Promise<Setup> {
  const made = await failedResult(w);
  const uploaded = await w.admin.post(`/api/v1/runs/${made.id}/results/${made.resultId}/attachments`, {
    headers: { "content-type": "application/octet-stream", "x-file-name": "run.log" },
    data: `log ${sha()}\n`,
  });
  expect(uploaded.status()).toBe(201);
  return { ...made, attachmentId: (await json<{ id: string }>(uploaded)).id };
}
const LOG = { body: "a line of a log\n", type: "application/octet-stream", headers: { "x-file-name": "browser.log" } };
async function suite(w: World): Promise<Setup> {
  const name = `Suite ${sha()}`;
  const suites = await json<{ id: string; name: string }[]>(await w.admin.post(`/api/v1/projects/${w.slug}/suites`, { data: { name } }));
  return { id: suites.find((s) => s.name === name)!.id };
}
async function webhook(w: World): Promise<Setup> {
  const created = await w.admin.post(`/api/v1/projects/${w.slug}/webhooks`, {
    data: { name: unique("hook-"), url: "https://hooks.example.com/matrix", events: ["release.created"] },
  });
  expect(created.status()).toBe(201);
  return { id: (await json<{ id: string }>(created)).id };
}
async function environment(w: World, name: string): Promise<Setup> {
  const environments = await json<{ id: string; name: string; version: number }[]>(
    await w.admin.get(`/api/v1/projects/${w.slug}/environments`),
  );
  const env = environments.find((e) => e.name === name)!;
  return { id: env.id, version: String(env.version) };
}
async function exported(w: World): Promise<string> {
  return (await w.admin.get(`/api/v1/projects/${w.slug}/pipeline`)).text();
}

const project = (w: World) => `/api/v1/projects/${w.slug}`;
/** The one promotion every caller nudges, per matrix run. */
const nudged = new WeakMap<World, Promise<Setup>>();

const scenarios: Record<string, Scenario> = {
  createProject: {
    roles: ["ADMIN"],
    request: () => ({
      method: "POST",
      path: "/api/v1/projects",
      data: { name: unique("m-"), slug: unique("m-"), key: unique("M").toUpperCase() },
    }),
  },
  updatePolicy: {
    roles: ["ADMIN"],
    setup: (w) => environment(w, "staging"),
    request: (w, s) => ({
      method: "PUT",
      path: `${project(w)}/environments/${s.id}/policy`,
      data: policyInput(Number(s.version), { approvalRules: [] }),
    }),
  },
  rotateDeployHookSecret: {
    roles: ["ADMIN"],
    setup: (w) => environment(w, "staging"),
    request: (w, s) => ({ method: "POST", path: `${project(w)}/environments/${s.id}/deploy-hook-secret` }),
  },
  createRelease: {
    roles: ["DEVELOPER", "OPS"],
    request: (w) => ({ method: "POST", path: `${project(w)}/releases`, data: { version: `v${sha()}`, commitSha: sha() } }),
  },
  abandonRelease: {
    roles: ["DEVELOPER", "OPS"],
    setup: async (w) => ({ version: await release(w) }),
    request: (w, s) => ({ method: "POST", path: `${project(w)}/releases/${s.version}/abandon`, data: { reason: "wrong build" } }),
  },
  commentOnRelease: {
    roles: "all",
    setup: async (w) => ({ version: await release(w) }),
    request: (w, s) => ({ method: "POST", path: `${project(w)}/releases/${s.version}/comments`, data: { body: "Looks good" } }),
  },
  requestPromotion: {
    roles: ["DEVELOPER", "OPS"],
    setup: async (w) => ({ version: await release(w) }),
    request: (w, s) => ({ method: "POST", path: `${project(w)}/promotions`, data: { release: s.version, environment: "staging" } }),
  },
  approvePromotion: {
    roles: ["OPS"],
    setup: waitingInProduction,
    request: (_, s) => ({ method: "POST", path: `/api/v1/promotions/${s.id}/approve`, data: {} }),
  },
  rejectPromotion: {
    roles: ["OPS"],
    setup: waitingInProduction,
    request: (_, s) => ({ method: "POST", path: `/api/v1/promotions/${s.id}/reject`, data: { comment: "Not now" } }),
  },
  // Its requester (the matrix's developer) cancels it.
  cancelPromotion: {
    roles: ["DEVELOPER"],
    setup: waitingInProduction,
    request: (_, s) => ({ method: "POST", path: `/api/v1/promotions/${s.id}/cancel`, data: {} }),
  },
  // Anyone on the team asks who may still approve it (never a token). One promotion for everyone:
  // the first member's nudge is sent, the rest are told to wait an hour (429, past authorization).
  nudgePromotion: {
    roles: "all",
    setup: (w) => {
      if (!nudged.has(w)) nudged.set(w, waitingInProduction(w));
      return nudged.get(w)!;
    },
    request: (_, s) => ({ method: "POST", path: `/api/v1/promotions/${s.id}/nudge` }),
  },
  reportDeployment: {
    roles: ["OPS"],
    setup: async (w) => ({ id: await inFlight(w, await release(w), "dev") }),
    request: (_, s) => ({ method: "POST", path: `/api/v1/promotions/${s.id}/report`, data: { status: "deploying" } }),
  },
  overrideFreeze: {
    roles: ["ADMIN"],
    setup: waitingInProduction,
    request: (_, s) => ({ method: "POST", path: `/api/v1/promotions/${s.id}/override-freeze`, data: { reason: "Incident fix" } }),
  },
  changePassword: {
    roles: "all",
    request: () => ({ method: "POST", path: "/api/v1/me/password", data: { currentPassword: "not it", newPassword: "anything long" } }),
  },
  endSession: {
    roles: "all",
    // A second session of the member themselves; for everyone else, any id.
    setup: async (w, caller) => {
      if (caller.kind !== "member") return { id: randomUUID() };
      const second = await apiAs(baseUrl, caller.email, MATRIX_PASSWORD);
      const sessions = await json<{ id: string; current: boolean }[]>(await second.get("/api/v1/me/sessions"));
      const id = sessions.find((s) => s.current)!.id;
      await second.dispose();
      return { id };
    },
    request: (_, s) => ({ method: "POST", path: `/api/v1/me/sessions/${s.id}/end` }),
  },
  endOtherSessions: { roles: "all", request: () => ({ method: "POST", path: "/api/v1/me/sessions/end-others" }) },
  // One of the member's own notifications; for everyone else, any id.
  markNotificationRead: {
    roles: "all",
    setup: notificationOf,
    request: (_, s) => ({ method: "POST", path: `/api/v1/me/notifications/${s.id}/read` }),
  },
  markAllNotificationsRead: { roles: "all", request: () => ({ method: "POST", path: "/api/v1/me/notifications/read-all" }) },
  updateNotificationPreferences: {
    roles: "all",
    request: () => ({ method: "PUT", path: "/api/v1/me/notification-preferences", data: { kinds: { "approval.waiting": "EMAIL" } } }),
  },
  // Public: the token is the authorization; a token this server did not sign answers 422, whoever sends it.
  unsubscribe: { roles: "public", request: () => ({ method: "POST", path: `/api/v1/unsubscribe?token=${sha()}.${sha()}` }) },
  createCase: { roles: "all", request: (w) => ({ method: "POST", path: `${project(w)}/cases`, data: { title: `Case ${sha()}` } }) },
  updateCase: {
    roles: "all",
    setup: testCase,
    request: (w, s) => ({
      method: "PUT",
      path: `${project(w)}/cases/${s.key}`,
      data: { title: `Renamed ${sha()}`, revision: Number(s.revision) },
    }),
  },
  importCases: {
    roles: "all",
    request: (w) => ({
      method: "POST",
      path: `${project(w)}/cases/import?apply=true`,
      raw: { body: `Title\nImported ${sha()}\n`, type: "text/csv" },
    }),
  },
  bulkUpdateCases: {
    roles: "all",
    setup: testCase,
    request: (w, s) => ({
      method: "POST",
      path: `${project(w)}/cases-bulk`,
      data: { caseIds: [s.id], change: { action: "addTags", tags: ["matrix"] } },
    }),
  },
  createSuite: { roles: "all", request: (w) => ({ method: "POST", path: `${project(w)}/suites`, data: { name: `Suite ${sha()}` } }) },
  updateSuite: {
    roles: "all",
    setup: suite,
    request: (w, s) => ({ method: "PUT", path: `${project(w)}/suites/${s.id}`, data: { name: `Renamed ${sha()}` } }),
  },
  deleteSuite: { roles: "all", setup: suite, request: (w, s) => ({ method: "DELETE", path: `${project(w)}/suites/${s.id}` }) },
  createRun: {
    roles: "all",
    setup: async (w) => ({ version: await release(w) }),
    request: (w, s) => ({ method: "POST", path: `${project(w)}/runs`, data: { release: s.version, environment: "staging", all: true } }),
  },
  uploadResults: {
    roles: "all",
    setup: async (w) => ({ version: await release(w) }),
    request: (w, s) => ({
      method: "POST",
      path: `${project(w)}/results?release=${s.version}&environment=staging`,
      raw: { body: JUNIT, type: "application/xml" },
    }),
  },
  recordResult: {
    roles: "all",
    setup: run,
    request: (_, s) => ({ method: "PUT", path: `/api/v1/runs/${s.id}/results/${s.resultId}`, data: { status: "PASSED" } }),
  },
  recordStepResult: {
    roles: "all",
    setup: runWithSteps,
    request: (_, s) => ({ method: "PUT", path: `/api/v1/runs/${s.id}/results/${s.resultId}/steps/2`, data: { status: "FAILED" } }),
  },
  undoResult: {
    roles: "all",
    setup: run,
    // Nothing of the caller's to take back: past authorization, the answer is 409.
    request: (_, s) => ({ method: "POST", path: `/api/v1/runs/${s.id}/results/${s.resultId}/undo`, data: { status: "PASSED" } }),
  },
  linkDefect: {
    roles: "all",
    setup: (w) => failedResult(w),
    request: (_, s) => ({
      method: "POST",
      path: `/api/v1/runs/${s.id}/results/${s.resultId}/defect-links`,
      data: { url: "https://acme.atlassian.net/browse/PROJ-42" },
    }),
  },
  // Linked by the admin: QA and admins remove it, other members (who did not link it) may not.
  removeDefectLink: {
    roles: ["QA", "ADMIN"],
    setup: (w) => failedResult(w, true),
    request: (_, s) => ({ method: "DELETE", path: `/api/v1/runs/${s.id}/results/${s.resultId}/defect-links/${s.linkId}` }),
  },
  // Taking the run's cases back (unassigned): QA's and admins' planning.
  assignResults: {
    roles: ["QA", "ADMIN"],
    setup: run,
    request: (_, s) => ({ method: "POST", path: `/api/v1/runs/${s.id}/assignments`, data: { all: true, assignee: null } }),
  },
  uploadResultAttachment: {
    roles: "all",
    setup: (w) => failedResult(w),
    request: (_, s) => ({ method: "POST", path: `/api/v1/runs/${s.id}/results/${s.resultId}/attachments`, raw: LOG }),
  },
  uploadCaseAttachment: {
    roles: "all",
    setup: testCase,
    request: (w, s) => ({ method: "POST", path: `${project(w)}/cases/${s.key}/attachments`, raw: LOG }),
  },
  removeAttachment: {
    roles: ["ADMIN"],
    setup: attachment,
    request: (_, s) => ({ method: "DELETE", path: `/api/v1/attachments/${s.attachmentId}` }),
  },
  importJunit: {
    roles: "all",
    setup: run,
    request: (_, s) => ({ method: "POST", path: `/api/v1/runs/${s.id}/junit`, raw: { body: JUNIT, type: "application/xml" } }),
  },
  signOffRun: {
    roles: ["QA"],
    setup: run,
    request: (_, s) => ({ method: "POST", path: `/api/v1/runs/${s.id}/sign-off`, data: { decision: "BLOCKED", comment: "Not ready" } }),
  },
  createMember: {
    roles: ["ADMIN"],
    request: () => ({
      method: "POST",
      path: "/api/v1/members",
      data: { name: "Someone", email: `${unique("m-")}@example.test`, roles: ["QA"] },
    }),
  },
  updateMember: {
    roles: ["ADMIN"],
    setup: async (w) => {
      const created = await json<{ id: string; version: number }>(
        await w.admin.post("/api/v1/members", { data: { name: "Changed", email: `${unique("m-")}@example.test`, roles: ["QA"] } }),
      );
      return { id: created.id, version: String(created.version) };
    },
    request: (_, s) => ({ method: "PATCH", path: `/api/v1/members/${s.id}`, data: { roles: ["OPS"], version: Number(s.version) } }),
  },
  createToken: {
    roles: ["ADMIN"],
    request: (w) => ({ method: "POST", path: `${project(w)}/tokens`, data: { name: unique("t-"), scopes: ["read"] } }),
  },
  revokeToken: {
    roles: ["ADMIN"],
    setup: async (w) => ({
      id: (await json<{ id: string }>(await w.admin.post(`${project(w)}/tokens`, { data: { name: unique("t-"), scopes: ["read"] } }))).id,
    }),
    request: (w, s) => ({ method: "POST", path: `${project(w)}/tokens/${s.id}/revoke` }),
  },
  setProjectRepository: {
    roles: ["ADMIN"],
    request: (w) => ({ method: "PUT", path: `${project(w)}/repository`, data: { repository: null } }),
  },
  setAllowedDeployTargets: {
    roles: ["ADMIN"],
    request: (w) => ({ method: "PUT", path: `${project(w)}/deploy-targets`, data: { allowed: [] } }),
  },
  createWebhook: {
    roles: ["ADMIN"],
    request: (w) => ({
      method: "POST",
      path: `${project(w)}/webhooks`,
      data: { name: unique("hook-"), url: "https://hooks.example.com/x", events: ["release.created"] },
    }),
  },
  updateWebhook: {
    roles: ["ADMIN"],
    setup: webhook,
    request: (w, s) => ({
      method: "PUT",
      path: `${project(w)}/webhooks/${s.id}`,
      data: { name: unique("hook-"), url: "https://hooks.example.com/y", events: ["release.created"] },
    }),
  },
  deleteWebhook: { roles: ["ADMIN"], setup: webhook, request: (w, s) => ({ method: "DELETE", path: `${project(w)}/webhooks/${s.id}` }) },
  pingWebhook: { roles: ["ADMIN"], setup: webhook, request: (w, s) => ({ method: "POST", path: `${project(w)}/webhooks/${s.id}/ping` }) },
  retryDelivery: {
    roles: ["ADMIN"],
    setup: async (w) => {
      const hook = await webhook(w);
      await w.admin.post(`${project(w)}/webhooks/${hook.id}/ping`);
      const { deliveries } = await json<{ deliveries: { id: string }[] }>(await w.admin.get(`${project(w)}/deliveries`));
      return { id: deliveries[0]!.id };
    },
    request: (w, s) => ({ method: "POST", path: `${project(w)}/deliveries/${s.id}/retry` }),
  },
  planPipeline: {
    roles: "all",
    setup: async (w) => ({ yaml: await exported(w) }),
    request: (w, s) => ({ method: "POST", path: `${project(w)}/pipeline/plan`, raw: { body: s.yaml!, type: "application/yaml" } }),
  },
  applyPipeline: {
    roles: ["ADMIN"],
    setup: async (w) => ({ yaml: await exported(w) }),
    request: (w, s) => ({ method: "POST", path: `${project(w)}/pipeline/apply`, raw: { body: s.yaml!, type: "application/yaml" } }),
  },
  approvePipelineChange: {
    roles: ["ADMIN"],
    setup: async (w) => ({ id: await proposeWeaker(w) }),
    request: (w, s) => ({ method: "POST", path: `${project(w)}/pipeline/changes/${s.id}/approve`, data: {} }),
  },
  rejectPipelineChange: {
    roles: ["ADMIN"],
    setup: async (w) => ({ id: await proposeWeaker(w) }),
    request: (w, s) => ({ method: "POST", path: `${project(w)}/pipeline/changes/${s.id}/reject`, data: { reason: "No" } }),
  },
  unmanagePipeline: {
    roles: ["ADMIN"],
    setup: async (w) => {
      await w.admin.post(`${project(w)}/pipeline/apply`, { headers: { "content-type": "application/yaml" }, data: await exported(w) });
      return {};
    },
    request: (w) => ({ method: "DELETE", path: `${project(w)}/pipeline/management` }),
  },
};

/**
 * A notification of the caller's own: in a project of its own whose staging needs an approval
 * from the caller's role, someone else (who did not write the release) requests staging.
 */
async function notificationOf(w: World, caller: Caller): Promise<Setup> {
  if (caller.kind !== "member") return { id: randomUUID() };
  const { slug } = await newProject(w.admin, "notify-");
  const yaml =
    `version: 1\nproject: ${slug}\nenvironments:\n  - name: dev\n    requirePreviousSuccess: false\n` +
    `  - name: staging\n    requirePreviousSuccess: false\n    approvals: [{ role: ${caller.role.toLowerCase()}, count: 1 }]\n  - name: production\n`;
  const applied = await w.admin.post(`/api/v1/projects/${slug}/pipeline/apply`, {
    headers: { "content-type": "application/yaml" },
    data: yaml,
  });
  expect(applied.status()).toBe(200);
  const requester = caller.role === "DEVELOPER" ? w.ops : w.dev;
  const version = `v${sha()}`;
  expect((await requester.post(`/api/v1/projects/${slug}/releases`, { data: { version, commitSha: sha() } })).status()).toBe(201);
  const promotion = await requester.post(`/api/v1/projects/${slug}/promotions`, { data: { release: version, environment: "staging" } });
  expect(promotion.status()).toBe(201);
  const mine = await json<{ items: { id: string }[] }>(await caller.api.get("/api/v1/me/notifications?unread=true"));
  return { id: mine.items[0]!.id };
}

async function proposeWeaker(w: World): Promise<string> {
  // Production's gates as made (an admin applies them back), then a token's file that strips them.
  await w.admin.post(`${project(w)}/pipeline/apply`, { headers: { "content-type": "application/yaml" }, data: w.strict });
  const response = await w.pipeline.post(`${project(w)}/pipeline/apply?revision=${sha()}`, {
    headers: { "content-type": "application/yaml" },
    data: WEAKER(w.slug),
  });
  expect(response.status()).toBe(202);
  return (await json<{ pendingChange: { id: string } }>(response)).pendingChange.id;
}

let baseUrl = "";

/** Fields of the project's state that change without any call of the matrix. */
const ASIDE = new Set(["generatedAt", "evaluatedAt", "recent", "candidates", "waitingOn"]);

function send(api: APIRequestContext, req: Req) {
  return api.fetch(req.path, {
    method: req.method,
    ...(req.raw
      ? { headers: { "content-type": req.raw.type, ...req.raw.headers }, data: req.raw.body }
      : req.data !== undefined
        ? { data: req.data }
        : {}),
    maxRedirects: 0,
  });
}

/** What a caller must be answered: a status, or "allowed" (past authorization). */
function expected(op: Operation, scenario: Scenario, caller: Caller): number | "allowed" {
  if (scenario.roles === "public") return "allowed";
  switch (caller.kind) {
    case "anonymous":
      return 401;
    case "member":
      return scenario.roles === "all" || scenario.roles.includes(caller.role) ? "allowed" : 403;
    case "token":
      return op.scope === caller.scope ? "allowed" : 403;
    case "stranger":
      // What no token may do is refused alike everywhere; what its scopes allow, another
      // project's objects do not exist for it.
      return op.scope ? 404 : 403;
  }
}

const mutating = (Object.values(operations) as Operation[]).filter((op) => op.method !== "GET");

test("every mutating operation has a row in the matrix", () => {
  expect(mutating.map((op) => op.id).filter((id) => !(id in scenarios))).toEqual([]);
  expect(Object.keys(scenarios).filter((id) => !mutating.some((op) => op.id === id))).toEqual([]);
});

test("the authorization matrix: every mutating operation × every caller", async ({ as, baseURL }) => {
  test.setTimeout(300_000);
  baseUrl = baseURL!;
  const admin = await as("admin");
  const { slug } = await newProject(admin, "matrix-");
  const callers = await makeCallers(admin, baseURL!, slug);
  const pipelineToken = await json<{ secret: string }>(
    await admin.post(`/api/v1/projects/${slug}/tokens`, { data: { name: "proposer", scopes: ["pipeline:write"] } }),
  );
  const w: World = {
    slug,
    admin,
    dev: callers.members.DEVELOPER.api,
    ops: callers.members.OPS.api,
    pipeline: await tokenClient(baseURL!, pipelineToken.secret),
    callers,
    strict: await (await admin.get(`/api/v1/projects/${slug}/pipeline`)).text(),
  };
  const failures: string[] = [];
  let calls = 0;
  // The project as everyone reads it (aside: when the board and its gates were computed, the
  // webhooks' delivery counts, which the dispatcher moves on its own, and who may still approve).
  const state = async () =>
    JSON.stringify(
      await Promise.all(
        ["board", "releases", "runs", "environments", "cases", "suites", "webhooks", "pipeline/changes"].map(async (p) =>
          (await admin.get(`${project(w)}/${p}`))
            .text()
            // Aside also: who may still approve, which other tests change by adding members meanwhile.
            .then((text) => JSON.stringify(JSON.parse(text), (key, value: unknown) => (ASIDE.has(key) ? undefined : value))),
        ),
      ),
    );
  const auditBy = async (caller: Caller) =>
    caller.kind === "anonymous"
      ? 0
      : (await json<{ events: unknown[] }>(await admin.get(`/api/v1/audit?actor=${caller.id}`))).events.length;

  for (const op of mutating) {
    const scenario = scenarios[op.id]!;
    const refused = callers.all.filter((c) => expected(op, scenario, c) !== "allowed");
    const allowed = callers.all.filter((c) => expected(op, scenario, c) === "allowed");
    const setup = (await scenario.setup?.(w, refused[0]!)) ?? {};
    const before = { state: await state(), audit: await Promise.all(refused.map(auditBy)) };
    for (const caller of refused) {
      const response = await send(caller.api, scenario.request(w, setup));
      calls++;
      const want = expected(op, scenario, caller);
      if (response.status() !== want)
        failures.push(`${op.id} as ${caller.name}: ${response.status()}, expected ${want} — ${(await response.text()).slice(0, 160)}`);
    }
    const after = { state: await state(), audit: await Promise.all(refused.map(auditBy)) };
    if (after.state !== before.state) failures.push(`${op.id}: a refused call changed the project`);
    refused.forEach((caller, i) => {
      if (after.audit[i] !== before.audit[i]) failures.push(`${op.id}: ${caller.name} was refused but recorded a change`);
    });
    for (const caller of allowed) {
      const response = await send(caller.api, scenario.request(w, (await scenario.setup?.(w, caller)) ?? {}));
      calls++;
      if ([401, 403, 404].includes(response.status()) || response.status() >= 500)
        failures.push(
          `${op.id} as ${caller.name}: ${response.status()}, expected to get past authorization — ${(await response.text()).slice(0, 160)}`,
        );
    }
  }
  console.log(
    `authorization matrix: ${mutating.length} operations × ${callers.all.length} callers = ${calls} calls, ${failures.length} failures`,
  );
  expect(failures).toEqual([]);
  await w.pipeline.dispose();
  await callers.dispose();
});
