import "server-only";
import { db } from "@/lib/db/client";
import type { Member } from "@/lib/generated/prisma/client";
import { NotFound } from "@/lib/http/errors";
import { isUuid } from "@/lib/http/validation";
import type { MemberDto } from "./schemas";

export function toMemberDto(member: Member): MemberDto {
  return {
    id: member.id,
    name: member.name,
    email: member.email,
    roles: member.roles,
    active: member.deactivatedAt === null,
    version: member.version,
    createdAt: member.createdAt.toISOString(),
  };
}

export async function listMembers(): Promise<MemberDto[]> {
  const members = await db().member.findMany({ orderBy: [{ deactivatedAt: { sort: "asc", nulls: "first" } }, { name: "asc" }] });
  return members.map(toMemberDto);
}

/** Every member's name, in the order they joined: the order avatars take their colours in (components/ui/avatar.tsx). */
export async function namesInJoiningOrder(): Promise<string[]> {
  const members = await db().member.findMany({ select: { name: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return members.map((member) => member.name);
}

export async function getMember(id: string): Promise<MemberDto> {
  const member = isUuid(id) ? await db().member.findUnique({ where: { id } }) : null;
  if (!member) throw new NotFound("Member");
  return toMemberDto(member);
}
