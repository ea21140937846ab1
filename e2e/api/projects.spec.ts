import { expect, test, unique } from "../fixtures";

test.describe("projects API", () => {
  test("signed out: 401", async ({ anonymous }) => {
    expect((await anonymous.get("/api/v1/projects")).status()).toBe(401);
  });

  test("an admin creates a project with the default pipeline", async ({ as }) => {
    const admin = await as("admin");
    const slug = unique("api-svc-");
    const response = await admin.post("/api/v1/projects", { data: { name: "API service", slug, key: unique("A").toUpperCase() } });
    expect(response.status()).toBe(201);
    const project = (await response.json()) as { slug: string; environments: { name: string }[] };
    expect(project.slug).toBe(slug);
    expect(project.environments.map((e) => e.name)).toEqual(["dev", "staging", "production"]);
    const list = (await (await admin.get("/api/v1/projects")).json()) as { slug: string }[];
    expect(list.map((p) => p.slug)).toContain(slug);
  });

  test("a developer cannot create projects", async ({ as }) => {
    const dev = await as("dev");
    const response = await dev.post("/api/v1/projects", { data: { name: "Nope", slug: unique("nope-"), key: "NOPE" } });
    expect(response.status()).toBe(403);
  });

  test("a taken slug is a 409 naming the field", async ({ as }) => {
    const admin = await as("admin");
    const response = await admin.post("/api/v1/projects", {
      data: { name: "Again", slug: "checkout-service", key: unique("Z").toUpperCase() },
    });
    expect(response.status()).toBe(409);
    expect(await response.json()).toMatchObject({ errors: [{ field: "slug", message: "Already used by another project" }] });
  });
});
