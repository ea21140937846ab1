// Migrates one in-memory PGlite and dumps it: every test file starts from a copy (~0.3 s).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../lib/db/connection";
import { applyMigrations } from "../../lib/db/migrate";

export default async function setup(project: TestProject) {
  const opened = await openDatabase({ kind: "pglite", dataDir: "memory://" });
  await applyMigrations(opened.sql);
  if (opened.kind !== "pglite") throw new Error("expected PGlite");
  const dump = await opened.pglite.dumpDataDir("none");
  await opened.sql.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-pglite-"));
  const file = path.join(dir, "template.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("database", { kind: "pglite", template: file });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
