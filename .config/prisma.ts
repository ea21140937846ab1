// Prisma CLI configuration: where the schema and the migrations are. The CLI only generates the
// client here (offline: no schema engine binary, see package.json's postinstall). Migrations are
// written by lib/tooling/new-migration.ts (the schema engine as WebAssembly) and applied by
// lib/db/migrate.ts, not by `prisma migrate` (README, Decisions). Paths are relative to this file.
import path from "node:path";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: path.join("..", "prisma", "schema.prisma"),
  migrations: { path: path.join("..", "prisma", "migrations") },
});
