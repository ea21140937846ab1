import { describe, expect, test } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { Conflict, Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { makeActor, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { createMember, updateMember } from "./mutations";

const database = setupTestDatabase();

describe("members", () => {
  test("an admin adds a member with several roles and a hashed password", async () => {
    const admin = await makeActor(["ADMIN"]);
    const email = `${unique("new")}@Example.TEST`;
    const member = await createMember(admin, { name: "  New Person ", email, roles: ["OPS", "QA"], password: "correct horse" });
    expect(member).toMatchObject({ name: "New Person", email: email.toLowerCase(), roles: ["QA", "OPS"], active: true });
    const row = await database.prisma.member.findUniqueOrThrow({ where: { id: member.id } });
    expect(row.passwordHash).not.toContain("correct horse");
    expect(await verifyPassword(row.passwordHash, "correct horse")).toBe(true);
    const audit = await database.prisma.auditEvent.findFirstOrThrow({ where: { objectId: member.id, action: "member.created" } });
    expect(audit.actorMemberId).toBe(admin.id);
    expect(JSON.stringify(audit.after)).not.toContain("correct horse");
  });

  test("bad input is refused field by field and adds nobody", async () => {
    const admin = await makeActor(["ADMIN"]);
    const before = await database.prisma.member.count();
    const attempt = createMember(admin, { name: "", email: "not-an-email", roles: [], password: "short" });
    await expect(attempt).rejects.toBeInstanceOf(ValidationFailed);
    const error = (await attempt.catch((e: unknown) => e)) as ValidationFailed;
    expect(error.fieldErrors.map((e) => e.field).sort()).toEqual(["email", "name", "password", "roles"]);
    expect(await database.prisma.member.count()).toBe(before);
  });

  test("an unknown role is named in the error", async () => {
    const admin = await makeActor(["ADMIN"]);
    await expect(createMember(admin, { name: "X", email: `${unique()}@e.test`, roles: ["OPPS"] })).rejects.toThrow(
      /roles\.0: Unknown role/,
    );
  });

  test("the same email twice is a conflict on the email field", async () => {
    const admin = await makeActor(["ADMIN"]);
    const email = `${unique("dup")}@example.test`;
    await createMember(admin, { name: "One", email, roles: ["QA"] });
    const error = (await createMember(admin, { name: "Two", email: email.toUpperCase(), roles: ["QA"] }).catch(
      (e: unknown) => e,
    )) as Conflict;
    expect(error).toBeInstanceOf(Conflict);
    expect(error.fieldErrors).toEqual([{ field: "email", message: "A member with this email already exists" }]);
  });

  test("a non-admin cannot add members or change roles, and nothing changes", async () => {
    const admin = await makeActor(["ADMIN"]);
    const target = await createMember(admin, { name: "Target", email: `${unique()}@e.test`, roles: ["QA"] });
    for (const roles of [["DEVELOPER"], ["QA"], ["OPS"], ["DEVELOPER", "QA", "OPS"]] as const) {
      const outsider = await makeActor([...roles]);
      await expect(updateMember(outsider, target.id, { roles: ["ADMIN"], version: target.version })).rejects.toBeInstanceOf(Forbidden);
      await expect(createMember(outsider, { name: "Sneaky", email: `${unique()}@e.test`, roles: ["ADMIN"] })).rejects.toBeInstanceOf(
        Forbidden,
      );
    }
    const after = await database.prisma.member.findUniqueOrThrow({ where: { id: target.id } });
    expect(after.roles).toEqual(["QA"]);
    expect(after.version).toBe(target.version);
  });

  test("an admin changes roles; the change is audited with before and after", async () => {
    const admin = await makeActor(["ADMIN"]);
    const target = await createMember(admin, { name: "Changer", email: `${unique()}@e.test`, roles: ["QA"] });
    const updated = await updateMember(admin, target.id, { roles: ["QA", "OPS"], version: target.version });
    expect(updated.roles).toEqual(["QA", "OPS"]);
    expect(updated.version).toBe(target.version + 1);
    const audit = await database.prisma.auditEvent.findFirstOrThrow({ where: { objectId: target.id, action: "member.roles_changed" } });
    expect(audit.before).toEqual({ roles: ["QA"] });
    expect(audit.after).toEqual({ roles: ["QA", "OPS"] });
  });

  test("a stale edit is refused rather than lost", async () => {
    const admin = await makeActor(["ADMIN"]);
    const target = await createMember(admin, { name: "Raced", email: `${unique()}@e.test`, roles: ["QA"] });
    await updateMember(admin, target.id, { roles: ["OPS"], version: target.version });
    await expect(updateMember(admin, target.id, { roles: ["DEVELOPER"], version: target.version })).rejects.toBeInstanceOf(Conflict);
    expect((await database.prisma.member.findUniqueOrThrow({ where: { id: target.id } })).roles).toEqual(["OPS"]);
  });

  test("concurrent edits of one version: exactly one wins", async () => {
    const admin = await makeActor(["ADMIN"]);
    const target = await createMember(admin, { name: "Contended", email: `${unique()}@e.test`, roles: ["QA"] });
    const results = await Promise.allSettled(
      (["DEVELOPER", "OPS", "ADMIN", "QA"] as const).map((role) =>
        updateMember(admin, target.id, { roles: [role], version: target.version }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof Conflict)).toHaveLength(3);
  });

  test("the last active admin cannot drop the admin role or be deactivated", async () => {
    const soleAdminDb = database.prisma;
    const admins = await soleAdminDb.member.findMany({ where: { roles: { hasSome: ["ADMIN"] }, deactivatedAt: null } });
    const actor = await makeActor(["ADMIN"]);
    // Everyone else with ADMIN gives it up, until only `actor` is left.
    for (const other of admins) await updateMember(actor, other.id, { roles: ["QA"], version: other.version });
    const me = await soleAdminDb.member.findUniqueOrThrow({ where: { id: actor.id! } });
    await expect(updateMember(actor, me.id, { roles: ["OPS"], version: me.version })).rejects.toThrow(/at least one active admin/);
    await expect(updateMember(actor, me.id, { active: false, version: me.version })).rejects.toThrow(/at least one active admin/);
  });

  test("an unknown member id is not found", async () => {
    const admin = await makeActor(["ADMIN"]);
    await expect(updateMember(admin, "not-a-uuid", { roles: ["QA"], version: 0 })).rejects.toBeInstanceOf(NotFound);
    await expect(updateMember(admin, "00000000-0000-7000-8000-000000000000", { roles: ["QA"], version: 0 })).rejects.toBeInstanceOf(
      NotFound,
    );
  });
});
