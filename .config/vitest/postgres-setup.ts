// Creates a migrated template database on TEST_DATABASE_URL's server; every test file
// gets its own copy (CREATE DATABASE … TEMPLATE), dropped when the file ends.
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../lib/db/connection";
import { applyMigrations } from "../../lib/db/migrate";
import { createDatabase } from "../../lib/tooling/postgres";

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("db-postgres needs TEST_DATABASE_URL (a PostgreSQL 15+ server where databases may be created)");
  const template = await createDatabase(adminUrl, "shiproom_template");
  const opened = await openDatabase({ kind: "postgres", url: template.url });
  await applyMigrations(opened.sql);
  await opened.sql.close();
  project.provide("database", { kind: "postgres", template: template.name, adminUrl });
  return template.drop;
}
