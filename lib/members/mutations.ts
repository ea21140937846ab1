import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { endMemberSessions } from "@/lib/auth/sessions";
import { settleAllWaiting } from "@/lib/promotions/workflow";
import { recordAudit } from "@/lib/audit/record";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { db } from "@/lib/db/client";
import { uniqueViolation } from "@/lib/db/errors";
import { Conflict, Forbidden, NotFound } from "@/lib/http/errors";
import { isUuid, parseInput } from "@/lib/http/validation";
import { canManageMembers } from "./policy";
import { toMemberDto } from "./queries";
import { createMemberSchema, updateMemberSchema, type MemberDto } from "./schemas";

function requireAdmin(actor: Actor) {
  if (!canManageMembers(actor)) throw new Forbidden("Only admins can manage members and roles.");
}

export async function createMember(actor: Actor, raw: unknown): Promise<MemberDto> {
  requireAdmin(actor);
  const input = parseInput(createMemberSchema, raw);
  const emailTaken = () =>
    new Conflict("A member with this email already exists.", [{ field: "email", message: "A member with this email already exists" }]);
  if (await db().member.findUnique({ where: { email: input.email }, select: { id: true } })) throw emailTaken();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await transaction(async (tx) => {
      const member = await tx.member.create({
        // A password an admin chose is temporary: the member picks their own at the first sign-in.
        // (The seed and the first admin from the configuration set real ones.)
        data: {
          name: input.name,
          email: input.email,
          roles: input.roles,
          passwordHash,
          passwordMustChange: Boolean(passwordHash) && actor.kind === "MEMBER",
        },
      });
      await recordAudit(tx, actor, {
        action: "member.created",
        objectType: "member",
        objectId: member.id,
        after: { name: member.name, email: member.email, roles: member.roles },
      });
      return toMemberDto(member);
    }, CHANGE);
  } catch (error) {
    if (uniqueViolation(error)) throw emailTaken(); // lost a race with the same email
    throw error;
  }
}

/** Changes roles and/or active state. Refuses stale versions and leaving the team without an admin. */
export async function updateMember(actor: Actor, id: string, raw: unknown): Promise<MemberDto> {
  requireAdmin(actor);
  const input = parseInput(updateMemberSchema, raw);
  const temporaryHash = input.temporaryPassword ? await hashPassword(input.temporaryPassword) : null;
  const result = await transaction(async (tx) => {
    // Serialises admin edits, so two of them cannot each remove "the other" last admin.
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('shiproom.members'))`;
    const before = isUuid(id) ? await tx.member.findUnique({ where: { id } }) : null;
    if (!before) throw new NotFound("Member");
    if (before.version !== input.version) {
      throw new Conflict("Someone else changed this member meanwhile: reload and try again.");
    }
    const roles = input.roles ?? before.roles;
    const active = input.active ?? before.deactivatedAt === null;
    const wasActiveAdmin = before.deactivatedAt === null && before.roles.includes("ADMIN");
    if (wasActiveAdmin && (!active || !roles.includes("ADMIN"))) {
      const otherAdmins = await tx.member.count({
        where: { id: { not: id }, deactivatedAt: null, roles: { hasSome: ["ADMIN"] } },
      });
      if (otherAdmins === 0) {
        throw new Conflict("The team needs at least one active admin: make someone else admin first.", [
          { field: active ? "roles" : "active", message: "This is the last active admin" },
        ]);
      }
    }
    const updated = await tx.member.update({
      where: { id },
      data: {
        roles,
        deactivatedAt: active ? null : (before.deactivatedAt ?? new Date()),
        ...(temporaryHash ? { passwordHash: temporaryHash, passwordMustChange: true, passwordChangedAt: new Date() } : {}),
        version: { increment: 1 },
      },
    });
    // Whoever is signed in as them now is signed out: deactivated, or their password was reset.
    if (!active) await endMemberSessions(tx, id, "deactivated");
    else if (temporaryHash) await endMemberSessions(tx, id, "temporary password set");
    const changes: { action: string; before: unknown; after: unknown }[] = [];
    if (input.roles && input.roles.join() !== before.roles.join()) {
      changes.push({ action: "member.roles_changed", before: { roles: before.roles }, after: { roles } });
    }
    if (active !== (before.deactivatedAt === null)) {
      changes.push({ action: active ? "member.reactivated" : "member.deactivated", before: null, after: null });
    }
    if (temporaryHash) changes.push({ action: "member.temporary_password_set", before: null, after: null });
    for (const change of changes) {
      await recordAudit(tx, actor, { ...change, objectType: "member", objectId: id });
    }
    return { dto: toMemberDto(updated), standingChanged: changes.some((c) => c.action !== "member.temporary_password_set") };
  }, CHANGE);
  // Their approvals and sign-offs count for what they may still give: what waits is settled
  // again at once, so every checklist says so (promotions already decided stay decided).
  if (result.standingChanged) await settleAllWaiting();
  return result.dto;
}
