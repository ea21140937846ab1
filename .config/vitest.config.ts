// Test layers run by `npm test` (lib/tooling/test-all.ts):
//   unit        — pure logic beside the code (*.test.ts)
//   db-pglite   — *.db.test.ts on the embedded engine, always
//   db-postgres — the same files on PostgreSQL (TEST_DATABASE_URL)
import os from "node:os";
import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

const resolve = {
  alias: [
    { find: /^@\//, replacement: `${root}/` },
    // lib's queries and mutations are marked server-only; tests run them in Node directly.
    { find: /^server-only$/, replacement: path.join(root, "node_modules/server-only/empty.js") },
  ],
};

const dbProject = (name: string, setup: string): TestProjectInlineConfiguration => ({
  resolve,
  test: {
    name,
    root,
    include: ["lib/**/*.db.test.ts", "prisma/**/*.db.test.ts"],
    globalSetup: [path.join(root, ".config/vitest", setup)],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two files at once: each has a database of its own, and Vitest's default on two cores is one.
    maxWorkers: 2,
    // A worker runs file after file in one module graph: each file still opens a database of its
    // own (lib/testing/db.ts), but PGlite's WebAssembly, Prisma's client and the app's modules load
    // once per worker, not once per file (measured 2026-12-02: PGlite layer 193 s → 102 s).
    isolate: false,
    // Sealed webhook secrets need a key; retries are fast so delivery tests take milliseconds.
    env: {
      AUTH_SECRET: "database-tests-only-secret-0123456789abcdef",
      SHIPROOM_WEBHOOK_RETRY_MS: "20",
      SHIPROOM_WEBHOOK_MAX_ATTEMPTS: "3",
      SHIPROOM_WEBHOOK_TIMEOUT_MS: "2000",
      // Working copies of the git deploy target live here, never in the checkout.
      SHIPROOM_DATA_DIR: path.join(os.tmpdir(), `shiproom-vitest-${process.pid}`),
      // Receivers listen on loopback and test repositories live in the temporary folder.
      SHIPROOM_PRIVATE_NETWORKS: "127.0.0.0/8,::1/128",
      SHIPROOM_GIT_LOCAL_PATHS: os.tmpdir(),
      // Notifications queue emails; nothing sends them but tests that start an SMTP server of their own.
      SMTP_URL: "smtp://127.0.0.1:9",
      SMTP_FROM: "Shiproom <shiproom@example.test>",
    },
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          root,
          include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "prisma/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/node_modules/**"],
          testTimeout: 20_000,
        },
      },
      dbProject("db-pglite", "pglite-setup.ts"),
      dbProject("db-postgres", "postgres-setup.ts"),
    ],
  },
});
