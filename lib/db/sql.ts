// SQL where SQL is the point (a row lock, a bulk write of arrays, a window or recursive query):
// `Prisma.sql` templates with bound parameters, on the process's client or a change's tx. They run
// on the database driver where it can (./driver.ts says why and how), else through Prisma's raw
// layer. Results are what the SQL says on both engines, so cast what drivers read differently:
// int8 (count(*), sequences) as ::int or ::text, enum arrays as ::text[]. Timestamps are all
// timestamptz here and read as a Date. See ./README.md.
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, type Db, type Tx } from "./client";
import { runOnDriver } from "./driver";

/** The rows of a statement, on `client` (a change's tx, else the process's client). */
export async function readRows<T>(query: Prisma.Sql, client: Db | Tx = db()): Promise<T[]> {
  const answer = await runOnDriver(query, client);
  return answer ? (answer.rows as T[]) : client.$queryRaw<T[]>(query);
}

/** A statement's count of rows changed, likewise. */
export async function execute(query: Prisma.Sql, client: Db | Tx = db()): Promise<number> {
  const answer = await runOnDriver(query, client);
  return answer ? answer.count : client.$executeRaw(query);
}
