// SQL statements (lib/db/sql.ts) on the driver (lib/db/driver.ts) answer what Prisma's raw layer
// answers, run on the connection of the transaction they are given (and no other), never after it
// ended, and as named prepared statements on both engines; a forgotten tx fails at once. These tests
// also hold what the driver depends on in Prisma and its adapters (driver.ts's header).
import { describe, expect, test } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeMember, unique } from "@/lib/testing/factories";
import { db } from "./client";
import { runsOnDriver } from "./driver";
import { execute, readRows } from "./sql";
import { databaseUnavailable, uniqueViolation } from "./errors";
import { BULK, CHANGE, transaction } from "./transaction";

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

  test("given a change's transaction, run on its connection: they see its writes, which roll back with it", async () => {
    const slug = unique("read-");
    const bySlug = Prisma.sql`select slug from "Project" where slug = ${slug}`;
    let seen: { onDriver: boolean; inside: unknown[]; renamed: number } | undefined;
    await expect(
      transaction(async (tx) => {
        await tx.project.create({ data: { slug, key: slug.slice(-8).toUpperCase(), name: "R" } });
        const inside = await readRows(bySlug, tx);
        const renamed = await execute(Prisma.sql`update "Project" set name = 'S' where slug = ${slug}`, tx);
        seen = { onDriver: runsOnDriver(tx), inside, renamed };
        throw new Error("roll back");
      }, CHANGE),
    ).rejects.toThrow("roll back");
    expect(seen).toEqual({ onDriver: true, inside: [{ slug }], renamed: 1 });
    expect(await readRows(bySlug)).toEqual([]);
  });

  test("on PostgreSQL, concurrent changes each run on their own connection", async () => {
    // PGlite has one connection and runs one change at a time.
    if (database.engine !== "postgres") return;
    const slugs = Array.from({ length: 6 }, () => unique("conc-"));
    // All insert, then all read, then all commit: each sees its own uncommitted row and no other.
    const barrier = () => {
      let arrived = 0;
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return () => {
        if (++arrived === slugs.length) open();
        return opened;
      };
    };
    const inserted = barrier();
    const read = barrier();
    const seen = await Promise.all(
      slugs.map((slug) =>
        transaction(async (tx) => {
          await tx.project.create({ data: { slug, key: slug.slice(-8).toUpperCase(), name: "C" } });
          await inserted();
          const rows = await readRows<{ slug: string }>(Prisma.sql`select slug from "Project" where slug = any(${slugs}::text[])`, tx);
          await read();
          return rows.map((row) => row.slug);
        }, CHANGE),
      ),
    );
    expect(seen).toEqual(slugs.map((slug) => [slug]));
  });

  test("once their transaction has ended, statements given it are refused and change nothing", async () => {
    let ended: Parameters<Parameters<typeof transaction>[0]>[0] | undefined;
    await transaction(async (tx) => {
      ended = tx;
    }, CHANGE);
    const slug = unique("late-");
    await expect(
      execute(
        Prisma.sql`insert into "Project" (id, slug, key, name) values (gen_random_uuid(), ${slug}, ${slug.slice(-8).toUpperCase()}, 'L')`,
        ended!,
      ),
    ).rejects.toThrow(/closed/);
    expect(await readRows(Prisma.sql`select 1 from "Project" where slug = ${slug}`)).toEqual([]);
  });

  describe("no statement runs on a change after it ended: each would otherwise commit on its own", () => {
    const insert = (slug: string) =>
      Prisma.sql`insert into "Project" (id, slug, key, name) values (gen_random_uuid(), ${slug}, ${slug.slice(-8).toUpperCase()}, 'L')`;
    const stored = async (slug: string) => (await readRows(Prisma.sql`select 1 from "Project" where slug = ${slug}`)).length;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    test("after its time ran out: the late statement is refused, the change reports failure, nothing is stored", async () => {
      const slug = unique("expired-");
      let late: unknown = null;
      const change = transaction(
        async (tx) => {
          await sleep(800);
          await execute(insert(slug), tx).catch((error: unknown) => {
            late = error;
            throw error;
          });
        },
        { maxWait: 5_000, timeout: 300, prepared: true },
      );
      await expect(change).rejects.toThrow();
      await sleep(900); // the change's function goes on after Prisma gave up on it
      expect(String(late)).toMatch(/timed out/);
      expect(await stored(slug)).toBe(0);
    });

    test("on PostgreSQL, a statement still running when the change's time runs out is stopped by the server", async () => {
      if (database.engine !== "postgres") return; // PGlite runs one statement at a time, and has no timer to stop it
      const marker = unique("slow_");
      const change = transaction(
        async (tx) => {
          await execute(Prisma.sql`select pg_sleep(3) as ${Prisma.raw(marker)}`, tx);
        },
        { maxWait: 5_000, timeout: 400, prepared: true },
      );
      const error = await change.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "57014" }); // query_canceled: the server stopped it
      expect(databaseUnavailable(error)).toBe(true); // answered 503, try again
      const running = await readRows<{ n: number }>(
        Prisma.sql`select count(*)::int as n from pg_stat_activity where state = 'active' and pid <> pg_backend_pid() and query like ${`%${marker}%`}`,
      );
      expect(running[0]!.n).toBe(0);
    });

    for (const [ending, end] of [
      ["committed", async () => "done"],
      [
        "rolled back",
        async () => {
          throw new Error("roll back");
        },
      ],
    ] as const)
      test(`after it ${ending}: a statement it left running is refused and stores nothing`, async () => {
        const slug = unique("stray-");
        let late: Promise<unknown> | undefined;
        await transaction(async (tx) => {
          late = sleep(100).then(() =>
            execute(insert(slug), tx).then(
              () => "ran",
              (error: unknown) => String(error),
            ),
          );
          return end();
        }, CHANGE).catch(() => undefined);
        expect(await late).toMatch(/already closed/);
        expect(await stored(slug)).toBe(0);
      });

    test("a statement on db() inside a change, where tx was meant, fails at once on both engines", async () => {
      const slug = unique("forgot-");
      const attempts = [() => db().project.count(), () => readRows(Prisma.sql`select 1`), () => execute(insert(slug))];
      for (const attempt of attempts) {
        const error = await transaction(async () => {
          await attempt();
        }, CHANGE).then(
          () => null,
          (caught: unknown) => String(caught),
        );
        expect(error).toMatch(/give every statement the change's tx/);
      }
      expect(await stored(slug)).toBe(0);
      // Once the change has ended, work it started may use db() again.
      let after: Promise<number> | undefined;
      await transaction(async () => {
        after = sleep(50).then(() => db().project.count({ where: { slug } }));
      }, CHANGE);
      expect(await after).toBe(0);
    });
  });

  test("a unique violation on the driver is known as one, as through Prisma", async () => {
    const slug = unique("dup-");
    const insert = (key: string) =>
      execute(Prisma.sql`insert into "Project" (id, slug, key, name) values (gen_random_uuid(), ${slug}, ${key}, 'D')`);
    await insert(unique("K").toUpperCase().slice(0, 10));
    const error = await insert(unique("K").toUpperCase().slice(0, 10)).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(uniqueViolation(error)?.target).toMatch(/slug/);
    expect(uniqueViolation(new Error("something else"))).toBeNull();
  });

  test("on PostgreSQL, a statement runs prepared under a name of its own", async () => {
    if (database.engine !== "postgres") return;
    const own = Prisma.sql`select name from pg_prepared_statements where statement like ${"%read.db.test marker%"} /* read.db.test marker */`;
    const [first] = await readRows<{ name: string }>(own);
    expect(first?.name).toMatch(/^shiproom_[0-9a-f]{20}$/);
    const [again] = await readRows<{ name: string }>(own);
    expect(again?.name).toBe(first?.name);
  });

  test("on PGlite, a statement text is prepared once and runs by its name, Prisma's and inside a change alike", async () => {
    if (database.engine !== "pglite") return;
    const preparedAs = async (marker: string) =>
      readRows<{ name: string }>(Prisma.sql`select name from pg_prepared_statements where statement ilike ${`%${marker}%`} and name <> ''`);
    // The driver's statement: prepared on its first run, the same name after.
    const own = Prisma.sql`select 1 as one /* pglite prepared marker */`;
    await readRows(own);
    await readRows(own);
    const [first, ...more] = await preparedAs("pglite prepared marker");
    expect(first?.name).toMatch(/^shiproom_\d+$/);
    expect(more).toEqual([]);
    // Prisma's own statements, and a change's, run prepared too.
    const slug = unique("prep-");
    await transaction(async (tx) => {
      await tx.project.create({ data: { slug, key: slug.slice(-8).toUpperCase(), name: "P" } });
      await readRows(Prisma.sql`select slug from "Project" where slug = ${slug} /* pglite in change marker */`, tx);
    }, CHANGE);
    expect(await preparedAs("pglite in change marker")).toHaveLength(1);
    // A bulk change's statements run unprepared: a plan for the rows at hand, every time.
    await transaction(async (tx) => {
      await readRows(Prisma.sql`select slug from "Project" where slug = ${slug} /* pglite in bulk marker */`, tx);
      await readRows(Prisma.sql`select slug from "Project" where slug = ${slug} /* pglite in bulk marker */`, tx);
    }, BULK);
    expect(await preparedAs("pglite in bulk marker")).toEqual([]);
    expect(await preparedAs(`insert into%"Project"`)).not.toEqual([]);
    // A statement that fails is said as PostgreSQL says it, every time, and the connection goes on.
    const broken = Prisma.sql`select no_such_column from "Project" /* pglite broken marker */`;
    await expect(readRows(broken)).rejects.toThrow(/no_such_column/);
    await expect(readRows(broken)).rejects.toThrow(/no_such_column/);
    expect(await preparedAs("pglite broken marker")).toEqual([]);
    // A unique violation inside a change rolls it back and is told as such; the next change runs.
    await expect(
      transaction(async (tx) => {
        await tx.project.create({ data: { slug, key: "DUPKEY", name: "again" } });
      }, CHANGE),
    ).rejects.toSatisfy((error: unknown) => uniqueViolation(error) !== null);
    expect(await readRows(Prisma.sql`select count(*)::int as n from "Project" where slug = ${slug}`)).toEqual([{ n: 1 }]);
    // A statement of many parameters (a many-row insert) is a one-off: it runs unprepared.
    const many = Array.from({ length: 101 }, (_, i) => i);
    const sum = Prisma.sql`select (${Prisma.join(
      many.map((n) => Prisma.sql`${n}::int`),
      " + ",
    )}) as total /* pglite many params marker */`;
    expect(await readRows(sum)).toEqual([{ total: 5050 }]);
    expect(await preparedAs("pglite many params marker")).toEqual([]);
    // A prepared statement's 200,000 rows come back whole.
    const rows = await readRows<{ n: number }>(
      Prisma.sql`select n from generate_series(1, ${200_000}::int) n /* pglite many rows marker */`,
    );
    expect([rows.length, rows[0], rows.at(-1)]).toEqual([200_000, { n: 1 }, { n: 200_000 }]);
    expect(await preparedAs("pglite many rows marker")).toHaveLength(1);
  });
});
