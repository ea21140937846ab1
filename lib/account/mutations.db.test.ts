import { describe, expect, test } from "vitest";
import { memberActor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import type { SessionMember } from "@/lib/auth/session";
import { endSession, sessionOwner, startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { Conflict, NotFound, type ValidationFailed } from "@/lib/http/errors";
import { createMember, updateMember } from "@/lib/members/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makeMember } from "@/lib/testing/factories";
import { changePassword, endOtherSessions, endOwnSession } from "./mutations";
import { listSessions } from "./queries";

setupTestDatabase();

const CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/** A member with a password, signed in on two browsers; the first is "this" one. */
async function signedInTwice(password = "old password") {
  const row = await makeMember(["DEVELOPER"], { passwordHash: await hashPassword(password) });
  const here = await startSession(row.id, "password", { ip: "10.0.0.1", userAgent: CHROME });
  const there = await startSession(row.id, "password", { ip: "10.0.0.2", userAgent: FIREFOX });
  const member: SessionMember = { ...row, sessionId: here.id, passwordMustChange: false };
  return { member, actor: memberActor(row), here: here.id, there: there.id };
}

describe("sessions end when people say so", () => {
  test("a member sees their sessions, this one first, and signs another browser out at once", async () => {
    const { member, actor, here, there } = await signedInTwice();
    const listed = await listSessions(member);
    expect(listed.map((s) => [s.device, s.ip, s.current])).toEqual([
      ["Chrome on macOS", "10.0.0.1", true],
      ["Firefox on Linux", "10.0.0.2", false],
    ]);
    expect(await sessionOwner(there, member.id)).not.toBeNull();
    expect(await endOwnSession(actor, member, there)).toEqual({ ended: true });
    expect(await sessionOwner(there, member.id)).toBeNull();
    expect(await sessionOwner(here, member.id)).not.toBeNull();
    expect((await listSessions(member)).map((s) => s.id)).toEqual([here]);
    expect(await endOwnSession(actor, member, there)).toEqual({ ended: false });
  });

  test("nobody ends another member's session, and a session belongs to its member only", async () => {
    const { member, here } = await signedInTwice();
    const other = await signedInTwice();
    await expect(endOwnSession(other.actor, other.member, here)).rejects.toBeInstanceOf(NotFound);
    expect(await sessionOwner(here, other.member.id)).toBeNull();
    expect(await sessionOwner(here, member.id)).not.toBeNull();
  });

  test("signing out ends the session; an expired one is gone too", async () => {
    const { member, here, there } = await signedInTwice();
    await endSession(here, "signed out");
    expect(await sessionOwner(here, member.id)).toBeNull();
    await db().memberSession.update({ where: { id: there }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sessionOwner(there, member.id)).toBeNull();
    expect(await db().memberSession.findUniqueOrThrow({ where: { id: here } })).toMatchObject({ endReason: "signed out" });
  });

  test("signing out everywhere else keeps this browser", async () => {
    const { member, actor, here, there } = await signedInTwice();
    expect(await endOtherSessions(actor, member)).toEqual({ endedSessions: 1 });
    expect(await sessionOwner(there, member.id)).toBeNull();
    expect(await sessionOwner(here, member.id)).not.toBeNull();
  });

  test("changing the password needs the current one, and ends every other session", async () => {
    const { member, actor, here, there } = await signedInTwice("old password");
    const wrong = await changePassword(actor, member, { currentPassword: "guess", newPassword: "new password" }).catch((e: unknown) => e);
    expect((wrong as ValidationFailed).fieldErrors).toEqual([{ field: "currentPassword", message: "This is not your current password" }]);
    const same = await changePassword(actor, member, { currentPassword: "old password", newPassword: "old password" }).catch(
      (e: unknown) => e,
    );
    expect((same as ValidationFailed).fieldErrors[0]).toMatchObject({ field: "newPassword" });
    expect(await sessionOwner(there, member.id)).not.toBeNull();

    expect(await changePassword(actor, member, { currentPassword: "old password", newPassword: "new password" })).toEqual({
      endedSessions: 1,
    });
    expect(await sessionOwner(there, member.id)).toBeNull();
    expect(await sessionOwner(here, member.id)).not.toBeNull();
    const event = await db().auditEvent.findFirstOrThrow({ where: { objectId: member.id, action: "member.password_changed" } });
    expect(event.after).toEqual({ endedSessions: 1 });
  });

  test("a member who signs in with an identity provider has no password to change", async () => {
    const row = await makeMember(["QA"]);
    const session = await startSession(row.id, "github", {});
    const member: SessionMember = { ...row, sessionId: session.id, passwordMustChange: false };
    await expect(changePassword(memberActor(row), member, { currentPassword: "x", newPassword: "new password" })).rejects.toBeInstanceOf(
      Conflict,
    );
  });

  test("a password an admin sets is temporary and signs the member out; deactivation signs them out too", async () => {
    const admin = await makeActor(["ADMIN"]);
    const created = await createMember(admin, { name: "Nova", email: "nova@example.test", roles: ["QA"], password: "welcome aboard" });
    expect(await db().member.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ passwordMustChange: true });

    const { member, actor, here, there } = await signedInTwice();
    const reset = await updateMember(admin, member.id, { temporaryPassword: "temporary one", version: 0 });
    expect(await sessionOwner(here, member.id)).toBeNull();
    expect(await sessionOwner(there, member.id)).toBeNull();
    const fresh = await startSession(member.id, "password", {});
    expect(await sessionOwner(fresh.id, member.id)).toMatchObject({ passwordMustChange: true });
    await changePassword(actor, { ...member, sessionId: fresh.id }, { currentPassword: "temporary one", newPassword: "my own choice" });
    expect(await sessionOwner(fresh.id, member.id)).toMatchObject({ passwordMustChange: false });

    await updateMember(admin, member.id, { active: false, version: reset.version });
    expect(await sessionOwner(fresh.id, member.id)).toBeNull();
    expect(await db().memberSession.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ endReason: "deactivated" });
  });
});
