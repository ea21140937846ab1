// Creates a migrated template database on TEST_DATABASE_URL's server; every test file
// gets its own copy (CREATE DATABASE … TEMPLATE), dropped when the file ends.
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../lib/db/connection";
import { applyMigrations } from "../../lib/db/migrate";

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("db-postgres needs TEST_DATABASE_URL (a PostgreSQL 15+ server where databases may be created)");
  const template = `shiproom_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const opened = await openDatabase({ kind: "postgres", url: url.toString() });
  await applyMigrations(opened.sql);
  await opened.sql.close();
  project.provide("database", { kind: "postgres", template, adminUrl });
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${template} with (force)`);
    await client.end();
  };
}
