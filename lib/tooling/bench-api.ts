// The API half of `npm run bench`: the built app started by the launcher (as `npm start` does),
// on a fresh embedded database and, when TEST_DATABASE_URL is set, on PostgreSQL; a pipeline's
// API token; load from this process over HTTP (keep-alive, like CI runners):
//   - POST /releases from 20 concurrent clients (each release also lands in dev, which promotes
//     automatically: the full write path with its audit events and outbox)
//   - sustained requests per second for 20 s from 20 clients polling what a pipeline polls
//     (a promotion's state and gates, a release), counting every answer that is not 2xx
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request } from "@playwright/test";
import { createDatabase } from "./postgres";
import { launch, waitForOutput } from "./processes";
import { signInOver } from "./sign-in";

export type ApiRow = { metric: string; engine: string; samples: number[]; target: string; result?: string };

const PORT = 3191;
const CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 20);
const CREATES = Number(process.env.BENCH_API_CREATES ?? 25);
const SUSTAIN_MS = Number(process.env.BENCH_API_SECONDS ?? 20) * 1000;
const ADMIN = { email: "bench-admin@example.test", password: "bench password 123" };

async function measure(engine: string, env: Record<string, string>, admin: { email: string; password: string }): Promise<ApiRow[]> {
  const app = launch({ ...env, PORT: String(PORT) });
  const base = `http://localhost:${PORT}`;
  try {
    await waitForOutput(app, /Ready in/, 240_000);
    const session = await request.newContext({ baseURL: base });
    await signInOver(session, admin.email, admin.password);
    const slug = `bench-api-${Date.now().toString(36)}`;
    const created = await session.post("/api/v1/projects", { data: { name: "Bench API", slug, key: "BAPI" } });
    if (created.status() !== 201) throw new Error(`creating the project answered ${created.status()}`);
    const tokenAnswer = await session.post(`/api/v1/projects/${slug}/tokens`, {
      data: { name: "bench", scopes: ["read", "releases:write", "promotions:request", "deployments:report"] },
    });
    const { secret } = (await tokenAnswer.json()) as { secret: string };
    await session.dispose();
    const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
    const api = (path: string, init: RequestInit = {}) => fetch(`${base}/api/v1${path}`, { ...init, headers });

    // Warm up: compile routes, fill caches.
    for (let i = 0; i < 30; i++) {
      const r = await api(`/projects/${slug}/releases`, {
        method: "POST",
        body: JSON.stringify({ version: `warm.${i}`, commitSha: "abcdef1234" }),
      });
      await r.text();
    }

    // One client alone: what a single request costs.
    const alone: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      const r = await api(`/projects/${slug}/releases`, {
        method: "POST",
        body: JSON.stringify({ version: `solo.${i}`, commitSha: "abcdef1234" }),
      });
      await r.text();
      alone.push(performance.now() - t);
    }

    // POST /releases from CLIENTS concurrent clients, CREATES each.
    const latencies: number[] = [];
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < CREATES; i++) {
          const t = performance.now();
          const r = await api(`/projects/${slug}/releases`, {
            method: "POST",
            body: JSON.stringify({ version: `v${c}.${i}.0`, commitSha: "abcdef1234" }),
          });
          await r.text();
          latencies.push(performance.now() - t);
          if (r.status !== 201) failed++;
        }
      }),
    );
    const createRate = (CLIENTS * CREATES) / ((performance.now() - started) / 1000);

    // Sustained reads: what --wait and status checks poll.
    const board = (await (await api(`/projects/${slug}/board`)).json()) as { columns: { inFlight: { id: string } | null }[] };
    const promotion = board.columns[0]!.inFlight?.id;
    if (!promotion) throw new Error("no promotion in flight in dev to poll");
    const paths = [`/promotions/${promotion}`, `/projects/${slug}/releases/v0.0.0`];
    const reads: number[] = [];
    let readErrors = 0;
    const until = performance.now() + SUSTAIN_MS;
    const sustainStart = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = c; performance.now() < until; i++) {
          const t = performance.now();
          const r = await api(paths[i % paths.length]!);
          await r.text();
          reads.push(performance.now() - t);
          if (!r.ok) readErrors++;
        }
      }),
    );
    const readRate = reads.length / ((performance.now() - sustainStart) / 1000);
    return [
      { metric: "POST /releases, 1 client", engine, samples: alone, target: "(for reference)" },
      {
        metric: `POST /releases, ${CLIENTS} concurrent clients`,
        engine,
        samples: latencies,
        target: "p95 ≤ 30 ms",
        result: `${createRate.toFixed(0)} releases/s, ${failed} errors`,
      },
      {
        metric: `API reads, ${CLIENTS} clients for ${SUSTAIN_MS / 1000} s`,
        engine,
        samples: reads,
        target: "≥ 300 req/s, no errors",
        result: `${readRate.toFixed(0)} req/s, ${readErrors} errors`,
      },
    ];
  } finally {
    await app.stop();
  }
}

export async function benchApi(log: (line: string) => void): Promise<ApiRow[]> {
  const rows: ApiRow[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-bench-api-"));
  try {
    rows.push(...(await measure("PGlite", { SHIPROOM_DATA_DIR: dataDir }, { email: "admin@shiproom.local", password: "shiproom" })));
    log("API on PGlite measured");
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.lock`, { force: true });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const database = await createDatabase(adminUrl, "shiproom_bench_api");
    try {
      rows.push(
        ...(await measure(
          "PostgreSQL",
          {
            DATABASE_URL: database.url,
            AUTH_SECRET: "bench-only-secret-0123456789abcdefghijkl",
            SHIPROOM_ADMIN_EMAIL: ADMIN.email,
            SHIPROOM_ADMIN_PASSWORD: ADMIN.password,
          },
          ADMIN,
        )),
      );
      log("API on PostgreSQL measured");
    } finally {
      await database.drop();
    }
  }
  return rows;
}
