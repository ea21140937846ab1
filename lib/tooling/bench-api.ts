// The API half of `npm run bench`: the built app started by the launcher (as `npm start` does),
// on a fresh embedded database and, when TEST_DATABASE_URL is set, on PostgreSQL (one server
// process per core, as `npm start` runs there); a pipeline's API token; load from autocannon in
// this process over keep-alive connections, like CI runners (a lean client: a fetch() loop here
// spent a third of the machine on itself). Every response's time is kept, so p95 is exact.
//   - POST /releases: one client alone; 20 clients each sending the next the moment the last
//     answers (the worst case); 10 releases/s arriving steadily (a busy CI).
//     Each release also lands in dev, which promotes automatically: the full write path with its
//     audit events and outbox.
//   - sustained requests per second for 20 s from 20 clients polling what a pipeline polls (a
//     promotion's state and gates, a release), counting every answer that is not 2xx
//   - the floor: a static route (the JSON Schema) under the same load, what Next.js alone serves
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request } from "@playwright/test";
import autocannon from "autocannon";
import { createDatabase } from "./postgres";
import { launch, waitForOutput } from "./processes";
import { signInOver } from "./sign-in";

export type ApiRow = { metric: string; engine: string; samples: number[]; target: string; result?: string };

const PORT = 3191;
const CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 20);
const CREATES = Number(process.env.BENCH_API_CREATES ?? 25);
const SUSTAIN_S = Number(process.env.BENCH_API_SECONDS ?? 20);
const PACED_RATE = 10;
const ADMIN = { email: "bench-admin@example.test", password: "bench password 123" };

type Load = { samples: number[]; perSecond: number; failed: number };
type LoadOptions = { url: string; headers: Record<string, string>; connections: number } & (
  { amount: number; duration?: never } | { duration: number; amount?: never }
) & {
    requests: autocannon.Request[];
  };

/** Runs autocannon and keeps every response's time (ms); anything not 2xx, or no answer, fails. */
function load(options: LoadOptions): Promise<Load> {
  return new Promise((resolve, reject) => {
    const samples: number[] = [];
    const instance = autocannon({ ...options, timeout: 30 }, (error, result) => {
      if (error) reject(error);
      else
        resolve({ samples, perSecond: samples.length / (result.duration || 1), failed: result.non2xx + result.errors + result.timeouts });
    });
    instance.on("response", (_client, _status, _bytes, responseTime) => samples.push(responseTime));
  });
}

/**
 * Releases registered at a steady rate whoever answers when (an open loop: a request starts
 * every 1/rate s, as independent pipelines would), for seconds; autocannon's rate limit sends
 * each second's requests at once, which measures a burst instead.
 */
async function paceReleases(url: string, headers: Record<string, string>, rate: number, seconds: number): Promise<Load> {
  const samples: number[] = [];
  let failed = 0;
  const started = performance.now();
  const requests: Promise<void>[] = [];
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    requests.push(
      (async () => {
        const t = performance.now();
        const response = await fetch(url, {
          method: "POST",
          headers,
          body: JSON.stringify({ version: `paced.${i}`, commitSha: "abcdef1234" }),
        });
        await response.arrayBuffer();
        samples.push(performance.now() - t);
        if (response.status !== 201) failed++;
      })(),
    );
  }
  await Promise.all(requests);
  return { samples, perSecond: samples.length / ((performance.now() - started) / 1000), failed };
}

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
    const releases = `${base}/api/v1/projects/${slug}/releases`;
    const register = (prefix: string): autocannon.Request[] => {
      let made = 0;
      return [
        {
          method: "POST",
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ version: `${prefix}.${made++}`, commitSha: "abcdef1234" }) }),
        },
      ];
    };
    const target = { url: releases, headers };

    // Warm up: compile routes, fill caches, in every server process.
    await load({ ...target, connections: 4, amount: 60, requests: register("warm") });
    const alone = await load({ ...target, connections: 1, amount: 50, requests: register("solo") });
    const burst = await load({ ...target, connections: CLIENTS, amount: CLIENTS * CREATES, requests: register("burst") });
    const paced = await paceReleases(releases, headers, PACED_RATE, 10);

    // Sustained reads: what --wait and status checks poll.
    const board = (await (await fetch(`${base}/api/v1/projects/${slug}/board`, { headers })).json()) as {
      columns: { inFlight: { id: string } | null }[];
    };
    const promotion = board.columns[0]!.inFlight?.id;
    if (!promotion) throw new Error("no promotion in flight in dev to poll");
    const reads = await load({
      url: base,
      headers,
      connections: CLIENTS,
      duration: SUSTAIN_S,
      requests: [{ path: `/api/v1/promotions/${promotion}` }, { path: `/api/v1/projects/${slug}/releases/solo.0` }],
    });
    const floor = await load({
      url: `${base}/api/v1/schemas/shiproom.json`,
      headers: {},
      connections: CLIENTS,
      duration: 5,
      requests: [{}],
    });
    const summary = (l: Load, unit: string) => `${l.perSecond.toFixed(0)} ${unit}/s, ${l.failed} errors`;
    return [
      { metric: "POST /releases, 1 client", engine, samples: alone.samples, target: "(for reference)", result: summary(alone, "releases") },
      {
        metric: `POST /releases, ${CLIENTS} clients back to back`,
        engine,
        samples: burst.samples,
        target: "p95 ≤ 30 ms",
        result: summary(burst, "releases"),
      },
      {
        metric: `POST /releases, ${PACED_RATE}/s, steady`,
        engine,
        samples: paced.samples,
        target: "p95 ≤ 30 ms",
        result: summary(paced, "releases"),
      },
      {
        metric: `API reads, ${CLIENTS} clients for ${SUSTAIN_S} s`,
        engine,
        samples: reads.samples,
        target: "≥ 300 req/s, no errors",
        result: summary(reads, "req"),
      },
      {
        metric: `static route (Next.js alone), ${CLIENTS} clients`,
        engine,
        samples: floor.samples,
        target: "(the ceiling)",
        result: summary(floor, "req"),
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
