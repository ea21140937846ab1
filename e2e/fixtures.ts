// Shared helpers: sign in without the UI (the sign-in page has its own spec), API clients
// per demo member, and unique names so tests never step on each other.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { test as base, expect, request, type APIRequestContext, type BrowserContext, type Locator } from "@playwright/test";
import { signInOver as signInWithPassword } from "@/lib/tooling/sign-in";
import { E2E_CLOCK_FILE } from "./playwright.config";

export const PASSWORD = "shiproom";
export const DEMO = {
  dev: "dev@shiproom.local",
  qa: "qa@shiproom.local",
  ops: "ops@shiproom.local",
  admin: "admin@shiproom.local",
} as const;
export type DemoRole = keyof typeof DEMO;

export function unique(prefix: string): string {
  return `${prefix}${randomBytes(3).toString("hex")}`;
}

export async function signInOver(api: APIRequestContext, email: string, password = PASSWORD): Promise<void> {
  await signInWithPassword(api, email, password);
}

export async function signInContext(context: BrowserContext, email: string, password = PASSWORD): Promise<void> {
  await signInOver(context.request, email, password);
}

export async function apiAs(baseURL: string, email: string, password = PASSWORD): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  await signInOver(api, email, password);
  return api;
}

/** A project of its own (dev → staging → production), made by the demo admin. */
export async function newProject(admin: APIRequestContext, prefix = "p-") {
  const slug = unique(prefix);
  const response = await admin.post("/api/v1/projects", { data: { name: slug, slug, key: unique("K").toUpperCase() } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; slug: string; key: string; environments: { id: string; name: string }[] };
}

type RunResult = { id: string; caseKey: string };

/**
 * A project of its own (by `newProject`) with these test cases (made by QA), release `version`
 * (registered by the admin) and a run of every case — or of those with `tags` — on staging: the
 * project, the run's id and its results, in the library's order.
 */
export async function newRun(
  admin: APIRequestContext,
  qa: APIRequestContext,
  prefix: string,
  cases: Record<string, unknown>[],
  { version = "v1", tags }: { version?: string; tags?: string[] } = {},
) {
  const project = await newProject(admin, prefix);
  for (const data of cases) expect((await qa.post(`/api/v1/projects/${project.slug}/cases`, { data })).status()).toBe(201);
  const registered = await admin.post(`/api/v1/projects/${project.slug}/releases`, { data: { version, commitSha: "abcdef1234" } });
  expect(registered.status()).toBe(201);
  const selection = tags ? { tags } : { all: true };
  const created = await qa.post(`/api/v1/projects/${project.slug}/runs`, {
    data: { release: version, environment: "staging", ...selection },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const { results } = (await (await qa.get(`/api/v1/runs/${id}`)).json()) as { results: RunResult[] };
  return { ...project, runId: id, results };
}

/** The id of the promotion in flight (else the one waiting) in an environment of a project, from its board. */
export async function promotionIn(api: APIRequestContext, slug: string, env: string): Promise<string> {
  const board = (await (await api.get(`/api/v1/projects/${slug}/board`)).json()) as {
    columns: { environment: { name: string }; inFlight: { id: string } | null; waiting: { id: string } | null }[];
  };
  const column = board.columns.find((c) => c.environment.name === env)!;
  return (column.inFlight ?? column.waiting)!.id;
}

/** An API token of the project with these scopes, made by an admin; returns its secret. */
export async function newToken(admin: APIRequestContext, slug: string, scopes: string[], name = unique("ci-")): Promise<string> {
  const response = await admin.post(`/api/v1/projects/${slug}/tokens`, { data: { name, scopes } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

/** An API client authenticating with a token (no cookies). */
export async function tokenClient(baseURL: string, secret: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
}

type Fixtures = {
  /** API clients signed in as each demo member (disposed after the test). */
  as: (role: DemoRole) => Promise<APIRequestContext>;
  anonymous: APIRequestContext;
};

export const test = base.extend<Fixtures>({
  as: async ({ baseURL }, use) => {
    const made: APIRequestContext[] = [];
    await use(async (role) => {
      const api = await apiAs(baseURL!, DEMO[role]);
      made.push(api);
      return api;
    });
    await Promise.all(made.map((api) => api.dispose()));
  },
  anonymous: async ({ baseURL }, use) => {
    const api = await request.newContext({ baseURL });
    await use(api);
    await api.dispose();
  },
});

export { expect };

/** Signs out over HTTP as a browser's form would (Auth.js's own endpoint). */
export async function signOutOver(api: APIRequestContext): Promise<void> {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await api.post("/api/auth/signout", { form: { csrfToken, callbackUrl: "/sign-in" }, maxRedirects: 0 });
  expect(response.status()).toBe(302);
}

/**
 * Waits until React has hydrated an element server-rendered (its handlers are attached): a click
 * or a choice before that is lost, or submits a form the browser's way.
 */
export async function hydrated(element: Locator): Promise<void> {
  await expect.poll(() => element.evaluate((node) => Object.keys(node).some((key) => key.startsWith("__reactProps$")))).toBe(true);
}

/**
 * Moves the test server's clock (lib/clock.ts: reminders, escalations, the nudge's hour) forward
 * by `ms`: the server reads the offset from a file. Only ever forward, as tests running at the
 * same time share the server; replaced whole (a rename), so the server never reads half a number.
 */
export async function advanceServerClock(ms: number): Promise<void> {
  const current = Number((await fs.readFile(E2E_CLOCK_FILE, "utf8").catch(() => "0")).trim()) || 0;
  const next = `${E2E_CLOCK_FILE}.${randomBytes(4).toString("hex")}`;
  await fs.writeFile(next, String(current + ms));
  await fs.rename(next, E2E_CLOCK_FILE);
}
