// Prisma CLI configuration. The CLI runs fully on WebAssembly ("js" engine) so that
// generate and migrate diff work offline; an in-memory PGlite serves as its database.
// Migrations are applied by lib/db/migrate.ts, not by `prisma migrate deploy` (README, Decisions).
// Paths are relative to this file.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("..", "prisma", "schema.prisma"),
  migrations: { path: path.join("..", "prisma", "migrations") },
  adapter: async () => new PrismaPGlite(new PGlite()),
});
