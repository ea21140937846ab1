// A database of the test file's own, on the engine its Vitest project provides, bound to
// db() so that queries and mutations under test use it.
import fs from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { bindDatabase, prismaFor, type Db } from "@/lib/db/client";
import { openDatabase, type OpenedDatabase } from "@/lib/db/connection";
import type { DatabaseTarget } from "@/lib/env";
import { createDatabase } from "@/lib/tooling/postgres";

type ProvidedDatabase = { kind: "pglite"; template: string } | { kind: "postgres"; template: string; adminUrl: string };

declare module "vitest" {
  export interface ProvidedContext {
    database: ProvidedDatabase;
  }
}

export type TestDatabase = { engine: "pglite" | "postgres"; prisma: Db; opened: OpenedDatabase; target: DatabaseTarget };

/** Opens a fresh copy of the migrated template, for one test file. */
async function openTestDatabase(): Promise<TestDatabase & { dispose: () => Promise<void> }> {
  const provided = inject("database");
  if (provided.kind === "pglite") {
    const target: DatabaseTarget = { kind: "pglite", dataDir: "memory://" };
    const opened = await openDatabase(target, { loadDataDir: new Blob([fs.readFileSync(provided.template)]) });
    const prisma = prismaFor(opened);
    return { engine: "pglite", prisma, opened, target, dispose: async () => opened.sql.close() };
  }
  const database = await createDatabase(provided.adminUrl, "shiproom_test", provided.template);
  const target: DatabaseTarget = { kind: "postgres", url: database.url };
  const opened = await openDatabase(target);
  const prisma = prismaFor(opened);
  return {
    engine: "postgres",
    prisma,
    opened,
    target,
    dispose: async () => {
      await prisma.$disconnect();
      await opened.sql.close();
      await database.drop();
    },
  };
}

/** In a test file: a fresh database for the file, bound to db() for its tests. */
export function setupTestDatabase(): TestDatabase {
  const handle = {} as TestDatabase;
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const test = await openTestDatabase();
    dispose = test.dispose;
    Object.assign(handle, test);
    bindDatabase(test.opened, test.prisma);
  });
  afterAll(async () => {
    await dispose?.();
  });
  return handle;
}
