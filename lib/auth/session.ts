import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Role } from "@/lib/generated/prisma/enums";
import { memberActor, type Actor } from "./actor";
import { auth } from "./auth";
import { originOf } from "./origin";
import { RETURN_PATH_HEADER, signInPath } from "./return-path";
import { sessionOwner } from "./sessions";

export type SessionMember = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  /** The session row of this sign-in (lib/auth/sessions.ts). */
  sessionId: string;
  /** An admin set a temporary password: nothing else until the member chooses their own. */
  passwordMustChange: boolean;
};

/** The signed-in, active member of a live session, re-read on every request (once per request). */
export const currentMember = cache(async (): Promise<SessionMember | null> => {
  const session = await auth();
  const id = session?.user?.id;
  const sessionId = session?.sessionId;
  if (!id || !sessionId) return null;
  const member = await sessionOwner(sessionId, id);
  return member ? { ...member, sessionId } : null;
});

/** Where a member with a temporary password is sent until they choose their own. */
const CHANGE_PASSWORD_PATH = "/account?password=required";

/**
 * For pages: the signed-in member, or a redirect to the sign-in page and back after to the address
 * asked for, its query too (the proxy passes it: lib/auth/return-path.ts). A member with a
 * temporary password is sent to choose their own first.
 */
export async function requireMember({ allowTemporaryPassword = false } = {}): Promise<SessionMember> {
  const member = await currentMember();
  if (!member) redirect(signInPath((await headers()).get(RETURN_PATH_HEADER)));
  if (member.passwordMustChange && !allowTemporaryPassword) redirect(CHANGE_PASSWORD_PATH);
  return member;
}

export { originOf };

/** For pages and server actions: the member as the one asking, with where the request came from. */
export async function requireActor(): Promise<Actor> {
  const member = await requireMember();
  return memberActor(member, originOf(await headers()));
}
