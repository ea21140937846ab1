import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { memberActor, type Actor, type Origin } from "./actor";
import { auth } from "./auth";

export type SessionMember = { id: string; name: string; email: string; roles: Role[] };

/** The signed-in, active member, re-read on every request (once per request). */
export const currentMember = cache(async (): Promise<SessionMember | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const member = await db().member.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, roles: true, deactivatedAt: true },
  });
  if (!member || member.deactivatedAt) return null;
  return { id: member.id, name: member.name, email: member.email, roles: member.roles };
});

/** For pages: the signed-in member, or a redirect to the sign-in page. */
export async function requireMember(returnTo?: string): Promise<SessionMember> {
  const member = await currentMember();
  if (!member) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  return member;
}

export function originOf(h: Headers): Origin {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: forwarded || h.get("x-real-ip") || undefined,
    userAgent: h.get("user-agent")?.slice(0, 200) || undefined,
    requestId: h.get("x-request-id") || undefined,
  };
}

/** For pages and server actions: the member as the one asking, with where the request came from. */
export async function requireActor(returnTo?: string): Promise<Actor> {
  const member = await requireMember(returnTo);
  return memberActor(member, originOf(await headers()));
}
