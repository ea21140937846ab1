// The kinds of input an audit's fuzz run got 5xx for, each sent on purpose to several routes: a
// clear 4xx (problem+json), never a 5xx, never a dropped connection.
import type { APIRequestContext } from "@playwright/test";
import { expect, newProject, newToken, test, tokenClient } from "../fixtures";

type Case = [
  what: string,
  send: (api: APIRequestContext, slug: string) => Promise<{ status(): number; headers(): Record<string, string> }>,
  status: number,
];

async function expectProblem(response: { status(): number; headers(): Record<string, string> }, status: number) {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/problem+json");
}

test.describe("edges of the input", () => {
  const pathCases: Case[] = ["%C0%AE", "%ED%A0%80", "%", "%ZZ", "a%00b"].flatMap((bad): Case[] => [
    [`a path segment ${bad} (API)`, (api) => api.get(`/api/v1/projects/${bad}/board`), 400],
    [`a path segment ${bad} (a release)`, (api, slug) => api.get(`/api/v1/projects/${slug}/releases/${bad}`), 400],
    [`a path segment ${bad} (a page)`, (api) => api.get(`/projects/${bad}`), 400],
  ]);
  const queryCases: Case[] = [
    ["an encoded NUL in the audit export's filter", (api) => api.get("/api/v1/audit/export?action=%00"), 400],
    ["a page number that overflows", (api, slug) => api.get(`/api/v1/projects/${slug}/releases?page=1e309`), 422],
    ["a page number beyond any page", (api, slug) => api.get(`/api/v1/projects/${slug}/releases?page=99999999999999999999`), 422],
    ["an audit cursor beyond a bigint", (api) => api.get("/api/v1/audit?before=99999999999999999999"), 422],
    ["an audit cursor that is not a number", (api) => api.get("/api/v1/audit?before=%ZZ"), 422],
    ["an audit cursor that is an id", (api) => api.get("/api/v1/audit?before=01a23369-d860-761e-b3c6-94192d52bcb0"), 422],
    ["an audit time that does not exist", (api) => api.get("/api/v1/audit?from=2027-02-30T00:00Z"), 422],
    ["an audit actor that is a kind, not an id", (api) => api.get("/api/v1/audit?actor=AUTOMATION"), 422],
    ["a deliveries page that is not a number", (api, slug) => api.get(`/api/v1/projects/${slug}/deliveries?page=NaN`), 422],
  ];
  const bodyCases: Case[] = [
    [
      "U+0000 in a JSON body",
      (api, slug) => api.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1\u0000", commitSha: "abcdef1" } }),
      422,
    ],
    [
      "a lone surrogate in a JSON body",
      (api, slug) =>
        api.post(`/api/v1/projects/${slug}/releases`, {
          headers: { "content-type": "application/json" },
          data: '{"version":"v\\ud800","commitSha":"abcdef1"}',
        }),
      422,
    ],
    [
      "U+0000 in a key",
      (api, slug) =>
        api.post(`/api/v1/projects/${slug}/cases`, { headers: { "content-type": "application/json" }, data: '{"title":"x","\\u0000":1}' }),
      422,
    ],
    [
      "a number too big for JSON",
      (api, slug) =>
        api.post(`/api/v1/projects/${slug}/suites`, { headers: { "content-type": "application/json" }, data: '{"name":1e999}' }),
      422,
    ],
    [
      "Origin: null on a write",
      (api, slug) => api.post(`/api/v1/projects/${slug}/suites`, { headers: { origin: "null" }, data: { name: "x" } }),
      403,
    ],
    [
      "an Origin that is not a URL",
      (api, slug) => api.post(`/api/v1/projects/${slug}/suites`, { headers: { origin: "not a url" }, data: { name: "x" } }),
      403,
    ],
    [
      "a version a hundred thousand characters long",
      (api, slug) => api.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v".repeat(100_000), commitSha: "abcdef1" } }),
      422,
    ],
  ];

  test("malformed percent-encoding in a query is read leniently (as U+FFFD), not refused or failed", async ({ as }) => {
    const admin = await as("admin");
    const { slug } = await newProject(admin, "edge-");
    const response = await admin.get(`/api/v1/projects/${slug}/releases?search=%E0%A4%A`);
    expect(response.status()).toBe(200);
    expect(((await response.json()) as { releases: unknown[] }).releases).toEqual([]);
  });

  for (const [what, send, status] of [...pathCases, ...queryCases, ...bodyCases]) {
    test(`${what}: ${status}`, async ({ as }) => {
      const admin = await as("admin");
      const { slug } = await newProject(admin, "edge-");
      await expectProblem(await send(admin, slug), status);
    });
  }

  test("the same kinds from a pipeline's token: 4xx, never 5xx", async ({ as, baseURL }) => {
    const admin = await as("admin");
    const { slug } = await newProject(admin, "edge-");
    const token = await tokenClient(baseURL!, await newToken(admin, slug, ["read", "releases:write", "audit:read"]));
    for (const [, send] of [...pathCases, ...queryCases, ...bodyCases]) {
      const response = await send(token, slug);
      expect(response.status(), `${response.status()}`).toBeGreaterThanOrEqual(400);
      expect(response.status()).toBeLessThan(500);
    }
    await token.dispose();
  });
});
