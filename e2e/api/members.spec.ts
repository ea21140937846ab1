import { DEMO, expect, test, unique } from "../fixtures";

type Member = { id: string; name: string; email: string; roles: string[]; version: number; active: boolean };

test.describe("members API", () => {
  test("signed-out requests get 401 problem+json", async ({ anonymous }) => {
    for (const response of [
      await anonymous.get("/api/v1/members"),
      await anonymous.post("/api/v1/members", { data: { name: "x" } }),
      await anonymous.patch("/api/v1/members/00000000-0000-7000-8000-000000000000", { data: { roles: ["ADMIN"], version: 0 } }),
    ]) {
      expect(response.status()).toBe(401);
      expect(response.headers()["content-type"]).toContain("application/problem+json");
      expect(await response.json()).toMatchObject({ status: 401, title: "Unauthenticated" });
    }
  });

  test("an admin adds a member and changes their roles", async ({ as }) => {
    const admin = await as("admin");
    const email = `${unique("api-")}@example.test`;
    const created = await admin.post("/api/v1/members", { data: { name: "API Person", email, roles: ["QA"], password: "long enough" } });
    expect(created.status()).toBe(201);
    const member = (await created.json()) as Member;
    expect(member).toMatchObject({ email, roles: ["QA"], active: true });

    const updated = await admin.patch(`/api/v1/members/${member.id}`, { data: { roles: ["QA", "OPS"], version: member.version } });
    expect(updated.status()).toBe(200);
    expect(((await updated.json()) as Member).roles).toEqual(["QA", "OPS"]);
  });

  test("a non-admin changing roles gets 403 and nothing changes", async ({ as }) => {
    const admin = await as("admin");
    const target = (await (
      await admin.post("/api/v1/members", { data: { name: "Target", email: `${unique("t-")}@example.test`, roles: ["DEVELOPER"] } })
    ).json()) as Member;
    for (const role of ["dev", "qa", "ops"] as const) {
      const other = await as(role);
      const response = await other.patch(`/api/v1/members/${target.id}`, { data: { roles: ["ADMIN"], version: target.version } });
      expect(response.status()).toBe(403);
      expect(await response.json()).toMatchObject({ status: 403, detail: "Only admins can manage members and roles." });
    }
    const after = (await (await admin.get(`/api/v1/members/${target.id}`)).json()) as Member;
    expect(after.roles).toEqual(["DEVELOPER"]);
    expect(after.version).toBe(target.version);
  });

  test("bad input gets 422 with a message per field and adds nobody", async ({ as }) => {
    const admin = await as("admin");
    const before = ((await (await admin.get("/api/v1/members")).json()) as Member[]).length;
    const response = await admin.post("/api/v1/members", { data: { name: "", email: "nope", roles: ["OPPS"], password: "short" } });
    expect(response.status()).toBe(422);
    const problem = (await response.json()) as { errors: { field: string; message: string }[] };
    expect(Object.fromEntries(problem.errors.map((e) => [e.field, e.message]))).toEqual({
      name: "Enter a name",
      email: "Enter a valid email address, like name@example.com",
      "roles.0": "Unknown role (expected DEVELOPER, QA, OPS or ADMIN)",
      password: "Use at least 8 characters",
    });
    expect(((await (await admin.get("/api/v1/members")).json()) as Member[]).length).toBe(before);
  });

  test("a body that is not JSON gets 400", async ({ as }) => {
    const admin = await as("admin");
    const response = await admin.post("/api/v1/members", {
      headers: { "content-type": "application/json" },
      data: Buffer.from("{ not json"),
    });
    expect(response.status()).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/not valid JSON/);
  });

  test("a stale version gets 409 and the newer change stays", async ({ as }) => {
    const admin = await as("admin");
    const member = (await (
      await admin.post("/api/v1/members", { data: { name: "Stale", email: `${unique("s-")}@example.test`, roles: ["QA"] } })
    ).json()) as Member;
    expect((await admin.patch(`/api/v1/members/${member.id}`, { data: { roles: ["OPS"], version: member.version } })).status()).toBe(200);
    const stale = await admin.patch(`/api/v1/members/${member.id}`, { data: { roles: ["DEVELOPER"], version: member.version } });
    expect(stale.status()).toBe(409);
    expect(((await (await admin.get(`/api/v1/members/${member.id}`)).json()) as Member).roles).toEqual(["OPS"]);
  });

  test("an unknown member is 404", async ({ as }) => {
    const admin = await as("admin");
    expect((await admin.get("/api/v1/members/00000000-0000-7000-8000-000000000000")).status()).toBe(404);
    expect((await admin.get("/api/v1/members/not-an-id")).status()).toBe(404);
  });

  test("a cookie-authenticated write from another site is refused", async ({ as }) => {
    const admin = await as("admin");
    const response = await admin.post("/api/v1/members", {
      headers: { origin: "https://evil.example" },
      data: { name: "CSRF", email: `${unique("c-")}@example.test`, roles: ["ADMIN"] },
    });
    expect(response.status()).toBe(403);
  });

  test("a deactivated member's session stops working at once", async ({ as, baseURL }) => {
    const admin = await as("admin");
    const email = `${unique("gone-")}@example.test`;
    const member = (await (
      await admin.post("/api/v1/members", { data: { name: "Leaver", email, roles: ["DEVELOPER"], password: "long enough" } })
    ).json()) as Member;
    const { apiAs } = await import("../fixtures");
    const leaver = await apiAs(baseURL!, email, "long enough");
    expect(
      (await leaver.post("/api/v1/me/password", { data: { currentPassword: "long enough", newPassword: "my own now" } })).status(),
    ).toBe(200);
    expect((await leaver.get("/api/v1/members")).status()).toBe(200);
    await admin.patch(`/api/v1/members/${member.id}`, { data: { active: false, version: member.version } });
    expect((await leaver.get("/api/v1/members")).status()).toBe(401);
    await leaver.dispose();
  });

  test("the demo admin is listed with the roles it holds", async ({ as }) => {
    const dev = await as("dev");
    const members = (await (await dev.get("/api/v1/members")).json()) as Member[];
    expect(members.find((m) => m.email === DEMO.admin)?.roles).toEqual(["OPS", "ADMIN"]);
  });
});
