// Everyone who may knock on the API, for the authorization matrix and the fuzz test: signed out,
// one member of each role (of their own, so nothing they do touches other tests' sessions), a
// token with each single scope of the project, and another project's token holding every scope.
import { request, type APIRequestContext } from "@playwright/test";
import { TOKEN_SCOPES, type TokenScope } from "@/lib/auth/scopes";
import type { Role } from "@/lib/generated/prisma/enums";
import { apiAs, expect, newProject, tokenClient, unique } from "../fixtures";

export type Caller =
  | { kind: "anonymous"; name: "signed out"; api: APIRequestContext }
  | { kind: "member"; name: string; role: Role; id: string; email: string; api: APIRequestContext }
  | { kind: "token"; name: string; scope: TokenScope; id: string; api: APIRequestContext }
  | { kind: "stranger"; name: "another project's token"; id: string; api: APIRequestContext };

export type Callers = { all: Caller[]; members: Record<Role, Extract<Caller, { kind: "member" }>>; dispose: () => Promise<void> };

const ROLES: Role[] = ["DEVELOPER", "QA", "OPS", "ADMIN"];
/** The password of every member made here. */
export const MATRIX_PASSWORD = "matrix password";

/** A member with one role, signed in, their temporary password already replaced. */
async function member(admin: APIRequestContext, baseURL: string, role: Role) {
  const email = `${unique(`${role.toLowerCase()}-`)}@example.test`;
  const created = await admin.post("/api/v1/members", {
    data: { name: `Matrix ${role}`, email, roles: [role], password: "temporary one" },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const api = await apiAs(baseURL, email, "temporary one");
  expect(
    (await api.post("/api/v1/me/password", { data: { currentPassword: "temporary one", newPassword: MATRIX_PASSWORD } })).status(),
  ).toBe(200);
  return { kind: "member" as const, name: role.toLowerCase(), role, id, email, api };
}

async function tokenOf(admin: APIRequestContext, baseURL: string, slug: string, scopes: string[]) {
  const response = await admin.post(`/api/v1/projects/${slug}/tokens`, { data: { name: unique("matrix-"), scopes } });
  expect(response.status()).toBe(201);
  const { id, secret } = (await response.json()) as { id: string; secret: string };
  return { id, api: await tokenClient(baseURL, secret) };
}

/** The callers of `slug` (a project the admin made for the caller's tests). */
export async function makeCallers(admin: APIRequestContext, baseURL: string, slug: string): Promise<Callers> {
  const members = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, await member(admin, baseURL, role)])),
  ) as Callers["members"];
  const tokens = await Promise.all(
    TOKEN_SCOPES.map(async (scope) => ({
      kind: "token" as const,
      name: `token with ${scope}`,
      scope,
      ...(await tokenOf(admin, baseURL, slug, [scope])),
    })),
  );
  const other = await newProject(admin, "other-");
  const stranger = {
    kind: "stranger" as const,
    name: "another project's token" as const,
    ...(await tokenOf(admin, baseURL, other.slug, [...TOKEN_SCOPES])),
  };
  const anonymous = { kind: "anonymous" as const, name: "signed out" as const, api: await request.newContext({ baseURL }) };
  const all: Caller[] = [anonymous, ...Object.values(members), ...tokens, stranger];
  return { all, members, dispose: async () => void (await Promise.all(all.map((c) => c.api.dispose()))) };
}
