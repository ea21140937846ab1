// Reads on the paths every API call takes, straight through the driver rather than Prisma's raw
// layer: on this kind of machine each statement through Prisma cost about twice the CPU of the
// same statement through pg, and on PostgreSQL a statement of fixed text runs as a named prepared
// statement, planned once per connection instead of on every call (the promotion loader's plan
// cost PostgreSQL more than running it). Inside a transaction the statement runs on it, as before.
//
// Results are what the SQL says they are, on both engines and through Prisma alike, so callers
// cast what the drivers would read differently: int8 (count(*), sequences) as ::int or ::text,
// enum arrays as ::text[]. Timestamps are all timestamptz here, which every driver reads as a Date.
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, openedDatabase, type Db, type Tx } from "./client";

// A name per statement text, so one text is prepared once per connection. Bounded: a statement
// whose text varies (lists spliced in) must not grow every connection's set of prepared
// statements without end; past the bound, new texts run unnamed.
const MAX_NAMED = 200;
const names = new Map<string, string>();

function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known || names.size >= MAX_NAMED) return known;
  const name = `shiproom_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
  names.set(text, name);
  return name;
}

/** The rows of a read; on the driver when client is the process's client (not a transaction). */
export async function readRows<T>(query: Prisma.Sql, client: Db | Tx = db()): Promise<T[]> {
  if (client !== db()) return client.$queryRaw<T[]>(query);
  const opened = await openedDatabase();
  if (opened.kind === "postgres") {
    const result = await opened.pool.query({ name: statementName(query.text), text: query.text, values: query.values });
    return result.rows as T[];
  }
  return opened.sql.query<T>(query.text, query.values);
}

/** A write of one statement outside a transaction (a token's last use), on the driver. */
export async function writeRows(query: Prisma.Sql): Promise<void> {
  const opened = await openedDatabase();
  if (opened.kind === "postgres") await opened.pool.query({ name: statementName(query.text), text: query.text, values: query.values });
  else await opened.sql.query(query.text, query.values);
}
