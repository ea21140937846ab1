import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, newProject, newToken, test, tokenClient, unique } from "../fixtures";

const ALL = ["read", "releases:write", "results:write", "deployments:report", "promotions:request"];
const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "../../lib/junit/fixtures", name));

type Setup = { slug: string; inDev: string; runId: string };

/** A project with v1 registered (in flight in dev) and a test run of it on staging. */
async function setup(admin: APIRequestContext, dev: APIRequestContext): Promise<Setup> {
  const { slug } = await newProject(admin, "tok-");
  expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1", commitSha: "abcdef1" } })).status()).toBe(201);
  const board = (await (await dev.get(`/api/v1/projects/${slug}/board`)).json()) as { columns: { inFlight: { id: string } | null }[] };
  const upload = await admin.post(`/api/v1/projects/${slug}/results?release=v1&environment=staging`, {
    headers: { "content-type": "application/xml" },
    data: fixture("pytest.xml"),
  });
  expect(upload.status()).toBe(200);
  return { slug, inDev: board.columns[0]!.inFlight!.id, runId: ((await upload.json()) as { run: { id: string } }).run.id };
}

type Call = { scope: string; what: string; send: (api: APIRequestContext, s: Setup) => Promise<{ status(): number }> };

const calls: Call[] = [
  { scope: "read", what: "GET the board", send: (api, s) => api.get(`/api/v1/projects/${s.slug}/board`) },
  { scope: "read", what: "GET a promotion", send: (api, s) => api.get(`/api/v1/promotions/${s.inDev}`) },
  { scope: "read", what: "GET a test run", send: (api, s) => api.get(`/api/v1/runs/${s.runId}`) },
  {
    scope: "releases:write",
    what: "POST a release",
    send: (api, s) => api.post(`/api/v1/projects/${s.slug}/releases`, { data: { version: `v-${Date.now()}`, commitSha: "abcdef2" } }),
  },
  {
    scope: "results:write",
    what: "POST results",
    send: (api, s) =>
      api.post(`/api/v1/projects/${s.slug}/results?release=v1&environment=staging`, {
        headers: { "content-type": "application/xml" },
        data: fixture("vitest.xml"),
      }),
  },
  {
    scope: "promotions:request",
    what: "POST a promotion",
    send: (api, s) => api.post(`/api/v1/projects/${s.slug}/promotions`, { data: { release: "v1", environment: "production" } }),
  },
  {
    scope: "deployments:report",
    what: "POST a deployment report",
    send: (api, s) => api.post(`/api/v1/promotions/${s.inDev}/report`, { data: { status: "deploying" } }),
  },
];

test.describe("API tokens over HTTP", () => {
  for (const call of calls) {
    test(`${call.scope}: a token with it may ${call.what}; a token with every other scope gets 403`, async ({ as, baseURL }) => {
      const admin = await as("admin");
      const s = await setup(admin, await as("dev"));
      const allowed = await tokenClient(baseURL!, await newToken(admin, s.slug, [call.scope]));
      const denied = await tokenClient(
        baseURL!,
        await newToken(
          admin,
          s.slug,
          ALL.filter((scope) => scope !== call.scope),
        ),
      );
      const no = await call.send(denied, s);
      expect(no.status()).toBe(403);
      expect(await (no as unknown as { json(): Promise<{ detail: string }> }).json()).toMatchObject({
        detail: `This token lacks the "${call.scope}" scope.`,
      });
      expect([200, 201]).toContain((await call.send(allowed, s)).status());
      await Promise.all([allowed.dispose(), denied.dispose()]);
    });
  }

  test("what only people do is refused to a token holding every scope", async ({ as, baseURL }) => {
    const admin = await as("admin");
    const s = await setup(admin, await as("dev"));
    const api = await tokenClient(baseURL!, await newToken(admin, s.slug, ALL));
    const promotion = (await (
      await api.post(`/api/v1/projects/${s.slug}/promotions`, { data: { release: "v1", environment: "production" } })
    ).json()) as {
      id: string;
    };
    for (const response of [
      await api.post(`/api/v1/promotions/${promotion.id}/approve`, { data: {} }),
      await api.post(`/api/v1/runs/${s.runId}/sign-off`, { data: { decision: "SIGNED_OFF", comment: "ok", waivers: [] } }),
      await api.get("/api/v1/members"),
      await api.post("/api/v1/projects", { data: { name: "x", slug: "tok-nope", key: "NOPE" } }),
      await api.get(`/api/v1/projects/${s.slug}/tokens`),
    ]) {
      expect(response.status()).toBe(403);
      expect(((await response.json()) as { detail: string }).detail).toBe("API tokens cannot do this: it is done by a person, signed in.");
    }
    await api.dispose();
  });

  test("a wrong or revoked token gets 401; another project's objects are not found", async ({ as, baseURL }) => {
    const admin = await as("admin");
    const s = await setup(admin, await as("dev"));
    const other = await newProject(admin, "tok-other-");
    const secret = await newToken(admin, other.slug, ALL);
    const api = await tokenClient(baseURL!, secret);
    expect((await api.get(`/api/v1/projects/${other.slug}/board`)).status()).toBe(200);
    expect((await api.get(`/api/v1/projects/${s.slug}/board`)).status()).toBe(404);
    expect((await api.get(`/api/v1/promotions/${s.inDev}`)).status()).toBe(404);
    expect((await api.get(`/api/v1/runs/${s.runId}`)).status()).toBe(404);
    expect((await api.post(`/api/v1/promotions/${s.inDev}/report`, { data: { status: "succeeded" } })).status()).toBe(404);
    const projects = (await (await api.get("/api/v1/projects")).json()) as { slug: string }[];
    expect(projects.map((p) => p.slug)).toEqual([other.slug]);

    const wrong = await tokenClient(baseURL!, `${secret}x`);
    const answer = await wrong.get(`/api/v1/projects/${other.slug}/board`);
    expect(answer.status()).toBe(401);
    expect(answer.headers()["content-type"]).toContain("application/problem+json");

    const tokens = (await (await admin.get(`/api/v1/projects/${other.slug}/tokens`)).json()) as { id: string; lastUsedAt: string | null }[];
    expect(tokens[0]!.lastUsedAt).not.toBeNull();
    expect((await admin.post(`/api/v1/projects/${other.slug}/tokens/${tokens[0]!.id}/revoke`)).status()).toBe(200);
    expect((await api.get(`/api/v1/projects/${other.slug}/board`)).status()).toBe(401);
    await Promise.all([api.dispose(), wrong.dispose()]);
  });

  test("a retried POST with the same Idempotency-Key gets the first answer and registers one release", async ({ as, baseURL }) => {
    const admin = await as("admin");
    const { slug } = await newProject(admin, "idem-");
    const api = await tokenClient(baseURL!, await newToken(admin, slug, ["releases:write", "read"]));
    const send = (version: string) =>
      api.post(`/api/v1/projects/${slug}/releases`, {
        headers: { "idempotency-key": "build-4711" },
        data: { version, commitSha: "abcdef1" },
      });
    // Two at once: whichever claims the key registers; the other is told to wait (409) or, if the
    // first has answered by then, gets its answer again.
    const both = await Promise.all([send("v7.0.0"), send("v7.0.0")]);
    const ran = both.filter((r) => r.status() === 201 && !r.headers()["idempotency-replayed"]);
    expect(ran).toHaveLength(1);
    for (const other of both.filter((r) => r !== ran[0])) expect([201, 409]).toContain(other.status());
    const third = await send("v7.0.0");
    expect(third.status()).toBe(201);
    expect(third.headers()["idempotency-replayed"]).toBe("true");
    expect(await third.json()).toEqual(await ran[0]!.json());
    const list = (await (await api.get(`/api/v1/projects/${slug}/releases`)).json()) as { total: number };
    expect(list.total).toBe(1);

    const reused = await send("v7.0.1");
    expect(reused.status()).toBe(422);
    expect(await reused.json()).toMatchObject({ errors: [{ field: "Idempotency-Key" }] });
    await api.dispose();
  });

  test("a pipeline uploads JUnit results for a release and environment: one run is made, then reused", async ({ as, baseURL }) => {
    const admin = await as("admin");
    const dev = await as("dev");
    const { slug } = await newProject(admin, "up-");
    await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v2", commitSha: "abcdef1" } });
    const tokenName = unique("pytest-ci-");
    const api = await tokenClient(baseURL!, await newToken(admin, slug, ["results:write", "read"], tokenName));
    const upload = (file: string, query = "release=v2&environment=staging") =>
      api.post(`/api/v1/projects/${slug}/results?${query}`, {
        headers: { "content-type": "application/xml", "x-file-name": file },
        data: fixture(file),
      });
    const first = await upload("pytest.xml");
    expect(first.status()).toBe(200);
    const a = (await first.json()) as { run: { id: string; number: number; created: boolean }; created: number; tests: number };
    expect(a.run.created).toBe(true);
    expect(a.tests).toBeGreaterThan(0);
    expect(a.created).toBe(a.tests);
    const b = (await (await upload("jest-junit.xml")).json()) as { run: { id: string; created: boolean } };
    expect(b.run).toMatchObject({ id: a.run.id, created: false });
    const again = (await (await upload("pytest.xml")).json()) as { duplicate: boolean };
    expect(again.duplicate).toBe(true);

    const run = (await (await api.get(`/api/v1/runs/${a.run.id}`)).json()) as { createdBy: string; imports: { by: string }[] };
    expect(run.imports).toHaveLength(2);
    expect(run.imports[0]!.by).toContain("token");
    // The run the upload made is the token's, as the audit trail says, not "automation".
    expect(run.createdBy).toBe(`token ${tokenName}`);

    const missing = await upload("pytest.xml", "release=v404&environment=staging");
    expect(missing.status()).toBe(422);
    expect(await missing.json()).toMatchObject({ errors: [{ field: "release", message: "No release v404 in this project" }] });
    expect((await upload("pytest.xml", "environment=staging")).status()).toBe(422);
    await api.dispose();
  });

  test("the OpenAPI document is served and describes token scopes", async ({ anonymous }) => {
    const response = await anonymous.get("/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { security: unknown }>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/projects/{slug}/releases"]!.post!.security).toEqual([{ session: [] }, { token: ["releases:write"] }]);
  });

  test("a token cannot tell another project from no project: both answer the same 404", async ({ as, baseURL }) => {
    const admin = await as("admin");
    const mine = await newProject(admin, "vis-");
    const other = await newProject(admin, "vis-other-");
    const api = await tokenClient(baseURL!, await newToken(admin, mine.slug, ALL));
    const calls = [
      (slug: string) => api.post(`/api/v1/projects/${slug}/releases`, { data: { version: "", commitSha: "zz" } }),
      (slug: string) => api.post(`/api/v1/projects/${slug}/releases`, { data: "not json", headers: { "content-type": "text/plain" } }),
      (slug: string) => api.get(`/api/v1/projects/${slug}/board`),
      (slug: string) => api.post(`/api/v1/projects/${slug}/results?release=v1&environment=staging`, { data: "<testsuite/>" }),
    ];
    for (const call of calls) {
      const [existing, missing] = [await call(other.slug), await call(`no-such-${other.slug}`)];
      expect(existing.status()).toBe(404);
      expect([missing.status(), await missing.json()]).toEqual([existing.status(), await existing.json()]);
    }
    await api.dispose();
  });
});
