import { describe, expect, test } from "vitest";
import { Conflict, Forbidden, ValidationFailed } from "@/lib/http/errors";
import { makeActor, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { createProject } from "./mutations";
import { getProject, listProjects } from "./queries";

const database = setupTestDatabase();

function input() {
  const slug = unique("svc-");
  return { name: `Service ${slug}`, slug, key: `K${unique("").toUpperCase().slice(0, 6)}` };
}

describe("projects", () => {
  test("an admin creates a project; its pipeline is dev → staging → production", async () => {
    const admin = await makeActor(["ADMIN"]);
    const project = await createProject(admin, input());
    expect(project.environments.map((env) => env.name)).toEqual(["dev", "staging", "production"]);
    const [dev, staging, production] = project.environments;
    expect(dev).toMatchObject({ position: 0, autoPromote: true, requirePreviousSuccess: false });
    expect(staging).toMatchObject({ position: 1, autoPromote: false, requirePreviousSuccess: true, approvalRules: [] });
    expect(production).toMatchObject({
      requesterMayApprove: false,
      authorMayApprove: false,
      approvalRules: [{ role: "OPS", minCount: 1 }],
    });
    expect((await listProjects()).map((p) => p.slug)).toContain(project.slug);
    expect(await database.prisma.auditEvent.count({ where: { action: "project.created", objectId: project.id } })).toBe(1);
  });

  test("slug and key are normalised", async () => {
    const admin = await makeActor(["ADMIN"]);
    const base = input();
    const project = await createProject(admin, { ...base, slug: base.slug.toUpperCase(), key: base.key.toLowerCase() });
    expect(project.slug).toBe(base.slug);
    expect(project.key).toBe(base.key);
  });

  test("a non-admin cannot create projects", async () => {
    const developer = await makeActor(["DEVELOPER", "OPS", "QA"]);
    const attempt = input();
    await expect(createProject(developer, attempt)).rejects.toBeInstanceOf(Forbidden);
    await expect(getProject(attempt.slug)).rejects.toThrow(/not found/);
  });

  test("bad slugs and keys get a message on their field", async () => {
    const admin = await makeActor(["ADMIN"]);
    const error = (await createProject(admin, { name: "", slug: "Bad Slug!", key: "1x" }).catch((e: unknown) => e)) as ValidationFailed;
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(Object.fromEntries(error.fieldErrors.map((e) => [e.field, e.message]))).toMatchObject({
      name: "Enter a name",
      slug: expect.stringMatching(/lower-case letters/),
      key: expect.stringMatching(/upper-case letters/),
    });
  });

  test("a taken slug or key is a conflict on that field", async () => {
    const admin = await makeActor(["ADMIN"]);
    const first = await createProject(admin, input());
    const slugTaken = (await createProject(admin, { ...input(), slug: first.slug }).catch((e: unknown) => e)) as Conflict;
    expect(slugTaken).toBeInstanceOf(Conflict);
    expect(slugTaken.fieldErrors[0]?.field).toBe("slug");
    const keyTaken = (await createProject(admin, { ...input(), key: first.key }).catch((e: unknown) => e)) as Conflict;
    expect(keyTaken.fieldErrors[0]?.field).toBe("key");
  });
});
