// "Newest first" for runs and sign-offs, with a tie-break: times keep milliseconds (and PGlite's
// clock moves in milliseconds), so two rows can share one. Runs then go by number; sign-offs by
// id, which Prisma makes as UUIDv7 counting up within a process.
import type { Prisma } from "@/lib/generated/prisma/client";

export const NEWEST_RUN_FIRST = [{ createdAt: "desc" }, { number: "desc" }] satisfies Prisma.TestRunOrderByWithRelationInput[];

export const NEWEST_SIGN_OFF_FIRST = [{ createdAt: "desc" }, { id: "desc" }] satisfies Prisma.SignOffOrderByWithRelationInput[];
