// SQL where SQL is the point (a row lock, a bulk write of arrays, a window or recursive query),
// through Prisma's raw layer: `Prisma.sql` templates, bound parameters, on the client or on a
// change's tx. Results are what the SQL says on both engines, so cast what drivers read
// differently: int8 (count(*), sequences) as ::int or ::text, enum arrays as ::text[].
// Timestamps are all timestamptz here and read as a Date. See ./README.md.
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, type Db, type Tx } from "./client";

/** The rows of a statement, on `client` (a change's tx, else the process's client). */
export function readRows<T>(query: Prisma.Sql, client: Db | Tx = db()): Promise<T[]> {
  return client.$queryRaw<T[]>(query);
}

/** A statement's count of rows changed, likewise. */
export function execute(query: Prisma.Sql, client: Db | Tx = db()): Promise<number> {
  return client.$executeRaw(query);
}
