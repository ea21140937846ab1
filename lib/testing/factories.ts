// Factories for database tests: each call makes new, unique rows.
import { randomBytes } from "node:crypto";
import { memberActor, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";

export function unique(prefix = "x"): string {
  return `${prefix}${randomBytes(4).toString("hex")}`;
}

export async function makeMember(roles: Role[] = ["DEVELOPER"], overrides: { name?: string; email?: string; passwordHash?: string } = {}) {
  const name = overrides.name ?? `Member ${unique("")}`;
  return db().member.create({
    data: { name, email: overrides.email ?? `${unique("m")}@example.test`, roles, passwordHash: overrides.passwordHash ?? null },
  });
}

export async function makeActor(roles: Role[] = ["DEVELOPER"]): Promise<Actor> {
  const member = await makeMember(roles);
  return memberActor(member, { ip: "127.0.0.1", userAgent: "vitest" });
}
