// `npm start`: checks the configuration, applies migrations, seeds an empty database,
// builds when the sources changed since the last build, then hands over to `next start`.
// Any configuration problem ends here with one line and exit code 1, never a stack trace.
import { spawn } from "node:child_process";
import cluster from "node:cluster";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { prismaFor, bindDatabase } from "@/lib/db/client";
import { openDatabase, redactUrl } from "@/lib/db/connection";
import { applyMigrations } from "@/lib/db/migrate";
import { ConfigError, parseEnv, type Env } from "@/lib/env";
import { waitForPidLock } from "@/lib/pid-lock";
import { bootstrapAdmin, seedDemo } from "@/prisma/seed";

const SEED_LOCK = 0x5eed;
const BUILD_STAMP = path.join(".next", "shiproom-build.json");
// Not in .next: the build empties that folder.
const BUILD_LOCK = path.join("node_modules", ".cache", "shiproom-build.lock");
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "instrumentation.ts",
  "proxy.ts",
  "prisma/schema.prisma",
  "next.config.ts",
  "tsconfig.json",
  ".postcssrc.json",
  "package-lock.json",
];

function say(line: string) {
  process.stdout.write(`shiproom: ${line}\n`);
}

/** A digest of everything `next build` reads, to rebuild only when it changed. */
function sourceDigest(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    if (!fs.existsSync(entry)) return;
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry).sort()) {
        if (child === "node_modules" || child === "generated" || child.startsWith(".")) continue;
        visit(path.join(entry, child));
      }
    } else {
      hash.update(entry).update("\0").update(fs.readFileSync(entry)).update("\0");
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative.startsWith("..") ? dir : relative;
}

async function prepareDatabase(e: Env) {
  const where =
    e.database.kind === "pglite" ? `embedded database at ${displayPath(e.database.dataDir)}` : `PostgreSQL at ${redactUrl(e.database.url)}`;
  const opened = await openDatabase(e.database);
  try {
    const applied = await applyMigrations(opened.sql);
    say(applied.length > 0 ? `${where}: applied ${applied.length} migration(s): ${applied.join(", ")}` : `${where}: schema up to date`);
    const prisma = bindDatabase(opened, prismaFor(opened));
    // Servers starting together on an empty database: one seeds, the others find it done.
    await opened.sql.exclusive(SEED_LOCK, async () => {
      if (e.isDemo) {
        if (await seedDemo()) say("seeded the demo team (dev, qa, ops, admin @shiproom.local, password: shiproom)");
      } else {
        const admin = await bootstrapAdmin(e.bootstrapAdmin);
        if (admin === "created") say(`created the first admin ${e.bootstrapAdmin!.email}`);
        if (admin === "missing")
          say("no members yet: set SHIPROOM_ADMIN_EMAIL and SHIPROOM_ADMIN_PASSWORD and restart to create the first admin");
      }
    });
    await prisma.$disconnect();
  } finally {
    await opened.sql.close();
  }
}

/** Builds the app unless the last build was of these very sources. */
async function buildIfChanged(childEnv: NodeJS.ProcessEnv): Promise<boolean> {
  // Another Shiproom starting from this folder may be building: wait for it, then look again.
  const releaseBuild = await waitForPidLock(BUILD_LOCK, (pid) => say(`waiting for the build of another start (pid ${pid})…`));
  try {
    const digest = sourceDigest();
    const stamp = fs.existsSync(BUILD_STAMP) ? (JSON.parse(fs.readFileSync(BUILD_STAMP, "utf8")) as { digest?: string }).digest : undefined;
    if (stamp !== digest || !fs.existsSync(path.join(".next", "BUILD_ID"))) {
      say("building the app (first start, or the sources changed)…");
      const started = Date.now();
      const code = await run(path.join("node_modules", ".bin", "next"), ["build"], { ...childEnv, NODE_ENV: "production" });
      if (code !== 0) throw new ConfigError(`the build failed (exit code ${code}): see the output above`);
      fs.writeFileSync(BUILD_STAMP, JSON.stringify({ digest, builtAt: new Date().toISOString() }));
      say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return true;
    }
    return false;
  } finally {
    releaseBuild();
  }
}

async function main() {
  const dev = process.argv.includes("--dev");
  // The same .env files, in the same order, as the Next server reads: both see one configuration.
  nextEnv.loadEnvConfig(process.cwd(), dev, { info: () => {}, error: console.error });
  const e = parseEnv();
  // `--build-only` (`npm run build`, and npm test while other layers run): build if the sources
  // changed, then stop. The build is stamped, so the `npm start` after it does not build again.
  if (process.argv.includes("--build-only")) {
    if (!(await buildIfChanged({ ...process.env, NEXT_TELEMETRY_DISABLED: "1" }))) say("the build is up to date with the sources");
    return;
  }
  const authSecret = resolveAuthSecret(e);
  await prepareDatabase(e);

  const childEnv: NodeJS.ProcessEnv = { ...process.env, AUTH_SECRET: authSecret, NEXT_TELEMETRY_DISABLED: "1" };
  const next = path.join("node_modules", ".bin", "next");
  if (!dev) await buildIfChanged(childEnv);

  const workers = dev ? 1 : e.workers;
  say(
    `starting at http://localhost:${e.port}${e.isDemo ? " (demo mode: embedded database)" : ""}` +
      (workers > 1 ? ` with ${workers} server processes` : ""),
  );
  if (workers === 1) {
    const child = spawn(next, [dev ? "dev" : "start", "--port", String(e.port), ...(dev ? [] : KEEP_ALIVE)], {
      stdio: "inherit",
      env: childEnv,
    });
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
    child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
    return;
  }
  // Several `next start` on one port: each is a cluster worker, so its listen() shares this
  // process's socket and connections are dealt round-robin. They share nothing else but
  // PostgreSQL (live updates travel by LISTEN/NOTIFY, webhook deliveries are claimed with SKIP
  // LOCKED). Node-only flags: the workers run Next's own entry, not this TypeScript.
  cluster.setupPrimary({
    exec: path.resolve("node_modules", "next", "dist", "bin", "next"),
    args: ["start", "--port", String(e.port), ...KEEP_ALIVE],
    execArgv: [],
  });
  let stopping = false;
  const children = Array.from({ length: workers }, (_, i) => cluster.fork({ ...childEnv, SHIPROOM_WORKER: String(i + 1) }));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const child of children) child.process.kill(signal);
    });
  }
  let running = workers;
  cluster.on("exit", (worker, code, signal) => {
    running--;
    // One process ending on its own is a failure of the server: stop the others and say so.
    if (!stopping) {
      stopping = true;
      say(`a server process ended (${signal ?? `exit code ${code}`}): stopping`);
      for (const child of children) if (child !== worker) child.process.kill("SIGTERM");
      process.exitCode = code || 1;
    }
    if (running === 0) process.exit(process.exitCode ?? 0);
  });
}

// An idle keep-alive connection stays open longer than clients and load balancers keep theirs
// (60 s on most), so they close it first. With Node's default of 5 s the server closed idle
// connections while clients were reusing them, and those requests were reset (ECONNRESET).
const KEEP_ALIVE = ["--keepAliveTimeout", "65000"];

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`shiproom: ${error.message}\n`);
  } else {
    process.stderr.write(`shiproom: could not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
  }
  process.exit(1);
});
