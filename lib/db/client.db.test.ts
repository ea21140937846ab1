// A server process's client opens the database on its first query. When that open fails, the
// next query must try again: one bad moment at start-up must not break the process for good.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, inject, test } from "vitest";
import type { DatabaseTarget } from "@/lib/env";
import { adminQuery, databaseUrl } from "@/lib/tooling/postgres";
import { lazyClient } from "./client";

/** A target that cannot be opened yet, and what makes it openable. */
async function unavailableTarget(): Promise<{ target: DatabaseTarget; makeAvailable: () => Promise<void>; cleanUp: () => Promise<void> }> {
  const provided = inject("database");
  if (provided.kind === "postgres") {
    // A database that does not exist yet.
    const name = `shiproom_late_${process.pid}_${Date.now()}`;
    return {
      target: { kind: "postgres", url: databaseUrl(provided.adminUrl, name) },
      makeAvailable: () => adminQuery(provided.adminUrl, `create database ${name}`),
      cleanUp: () => adminQuery(provided.adminUrl, `drop database if exists ${name} with (force)`),
    };
  }
  // An embedded data directory another live process holds.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-late-"));
  const dataDir = path.join(dir, "pglite");
  const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
  fs.writeFileSync(`${dataDir}.lock`, `${holder.pid}\n`);
  const gone = new Promise((resolve) => holder.on("exit", resolve));
  return {
    target: { kind: "pglite", dataDir },
    makeAvailable: async () => {
      holder.kill();
      await gone;
    },
    cleanUp: async () => {
      holder.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

test("a query after a failed open opens the database again, and then it stays open", async () => {
  const { target, makeAvailable, cleanUp } = await unavailableTarget();
  const client = lazyClient(target);
  try {
    await expect(client.prisma.$queryRaw`select 1 as one`).rejects.toThrow(/does not exist|already open by another process/);
    await expect(client.opened()).rejects.toThrow();

    await makeAvailable();
    expect(await client.prisma.$queryRaw`select 1 as one`).toEqual([{ one: 1 }]);
    const opened = await client.opened();
    expect(await client.opened()).toBe(opened);
    expect(await opened.sql.query("select 2 as two")).toEqual([{ two: 2 }]);
  } finally {
    await client.prisma.$disconnect();
    await client.opened().then(
      (opened) => opened.sql.close(),
      () => {},
    );
    await cleanUp();
  }
});
