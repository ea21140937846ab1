// Reads on the driver (lib/db/read.ts) answer what Prisma's raw layer answers, see a
// transaction's own writes when given one, and on PostgreSQL run as named prepared statements.
import { describe, expect, test } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeMember, unique } from "@/lib/testing/factories";
import { db } from "./client";
import { readRows } from "./read";
import { transaction } from "./transaction";

const database = setupTestDatabase();

describe("reads on the driver", () => {
  test("give the same values as Prisma's raw layer: uuid, timestamptz, jsonb, text[], int, bool, null", async () => {
    const member = await makeMember(["DEVELOPER", "QA"]);
    const query = Prisma.sql`
      select m.id, m.email, m.roles::text[] as roles, m."createdAt", m."deactivatedAt", m."deactivatedAt" is null as active,
             jsonb_build_object('name', m.name, 'at', m."createdAt", 'n', 3) as doc, 7 as seven
      from "Member" m where m.id = ${member.id}::uuid`;
    const viaDriver = await readRows<Record<string, unknown>>(query);
    const viaPrisma = await db().$queryRaw<Record<string, unknown>[]>(query);
    expect(viaDriver).toHaveLength(1);
    expect(viaDriver[0]!.createdAt).toBeInstanceOf(Date);
    expect(viaDriver[0]!.roles).toEqual(["DEVELOPER", "QA"]);
    expect(viaDriver).toEqual(viaPrisma);
  });

  test("run on the transaction they are given, which sees its own writes", async () => {
    const slug = unique("read-");
    const bySlug = Prisma.sql`select slug from "Project" where slug = ${slug}`;
    let inside: unknown[] = [];
    await expect(
      transaction(async (tx) => {
        await tx.project.create({ data: { slug, key: slug.slice(-8).toUpperCase(), name: "R" } });
        inside = await readRows(bySlug, tx);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(inside).toEqual([{ slug }]);
    expect(await readRows(bySlug)).toEqual([]);
  });

  test("on PostgreSQL, a statement runs prepared under a name of its own", async () => {
    if (database.engine !== "postgres") return;
    const own = Prisma.sql`select name from pg_prepared_statements where statement like ${"%read.db.test marker%"} /* read.db.test marker */`;
    const [first] = await readRows<{ name: string }>(own);
    expect(first?.name).toMatch(/^shiproom_[0-9a-f]{20}$/);
    const [again] = await readRows<{ name: string }>(own);
    expect(again?.name).toBe(first?.name);
  });
});
