// The API half of `npm run bench`: the built app started by the launcher (as `npm start` does),
// on a fresh embedded database and, when TEST_DATABASE_URL is set, on PostgreSQL (one server
// process per core, as `npm start` runs there); pipelines' API tokens; load from this process
// over keep-alive connections, like CI runners (autocannon, or node:http for the paced pipelines:
// a fetch() loop here spent a third of the machine on itself). Every response's time is kept.
//   - POST /releases: one client alone; 20 clients at once, each a pipeline of its own project
//     registering a release every second (then every 2 s) and waiting for its answer: 20 CI
//     pipelines at work, the target's figure; 20 clients each sending the next the moment the
//     last answers, into one project and into 20: the capacity (their p95 is the queue, 20 ÷
//     releases per second). Each release also lands in dev, which promotes automatically: the
//     full write path with its audit events and outbox.
//   - sustained requests per second for 20 s from 20 clients polling what a pipeline polls (a
//     promotion's state and gates, a release), counting every answer that is not 2xx
//   - the floor: a static route (the JSON Schema) under the same load, what Next.js alone serves
// BENCH_API_ENGINES=pglite or =postgres measures one engine; SHIPROOM_WORKERS is passed on.
import fs from "node:fs";
import http from "node:http";
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
// Each pipeline registers a release every so many ms: once a second (20/s in all), every 2 s (10/s).
const PIPELINE_INTERVALS_MS = [1000, 2000];
const PIPELINE_SECONDS = 15;
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
    const started = performance.now();
    const instance = autocannon({ ...options, timeout: 30 }, (error, result) => {
      const seconds = (performance.now() - started) / 1000;
      if (error) reject(error);
      else resolve({ samples, perSecond: samples.length / seconds, failed: result.non2xx + result.errors + result.timeouts });
    });
    instance.on("response", (_client, _status, _bytes, responseTime) => samples.push(responseTime));
  });
}

/** One POST over the client's own keep-alive connection; its status. */
function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("no answer in 30 s")));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Clients that each register a release every `interval` ms, starting at random moments of the
 * first interval, for `seconds`: each waits for its answer (a pipeline does), then for its next
 * turn. Every response's time is kept.
 */
async function pipelines(clients: { url: string; headers: Record<string, string> }[], interval: number, seconds: number): Promise<Load> {
  const samples: number[] = [];
  let failed = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    clients.map(async ({ url, headers }, client) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let due = started + Math.random() * interval, i = 0; due < until; due += interval, i++) {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
          const t = performance.now();
          const body = JSON.stringify({ version: `pipeline.${interval}.${client}.${i}`, commitSha: "abcdef1234" });
          const status = await post(agent, new URL(url), headers, body).catch(() => 0);
          samples.push(performance.now() - t);
          if (status !== 201) failed++;
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  return { samples, perSecond: samples.length / ((performance.now() - started) / 1000), failed };
}

async function measure(
  engine: string,
  env: Record<string, string>,
  admin: { email: string; password: string },
  log: (line: string) => void,
): Promise<ApiRow[]> {
  // The guessing rows stand in for clients at many addresses (X-Forwarded-For from this process).
  const app = launch({ ...env, PORT: String(PORT), SHIPROOM_TRUSTED_PROXIES: "127.0.0.1,::1" });
  const base = `http://localhost:${PORT}`;
  try {
    await waitForOutput(app, /Ready in/, 240_000);
    const session = await request.newContext({ baseURL: base });
    await signInOver(session, admin.email, admin.password);
    // A project per client, each with a pipeline's token; the first also takes the one-project rows.
    const stamp = Date.now().toString(36);
    const projects: { slug: string; headers: Record<string, string> }[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const slug = `bench-api-${stamp}-${i}`;
      const created = await session.post("/api/v1/projects", { data: { name: `Bench API ${i}`, slug, key: `BAPI${i}` } });
      if (created.status() !== 201) throw new Error(`creating a project answered ${created.status()}`);
      const tokenAnswer = await session.post(`/api/v1/projects/${slug}/tokens`, {
        data: { name: "bench", scopes: ["read", "releases:write", "promotions:request", "deployments:report"] },
      });
      const { secret } = (await tokenAnswer.json()) as { secret: string };
      projects.push({ slug, headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" } });
    }
    // Members whose sign-in a guesser tries, beside emails that belong to nobody.
    const known: string[] = [];
    for (let i = 0; i < 10; i++) {
      const email = `bench-known-${stamp}-${i}@example.test`;
      await session.post("/api/v1/members", { data: { name: `Known ${i}`, email, roles: ["QA"], password: "their own password" } });
      known.push(email);
    }
    await session.dispose();
    log(`API on ${engine}: ${CLIENTS} projects with a token each`);
    const [{ slug, headers }] = projects as [(typeof projects)[number]];
    const releasesOf = (project: string) => `/api/v1/projects/${project}/releases`;
    /** Registrations, each into the next of `into` in turn. */
    const register = (prefix: string, into = projects.slice(0, 1)): autocannon.Request[] => {
      let made = 0;
      return [
        {
          method: "POST",
          setupRequest: (req) => {
            const project = into[made % into.length]!;
            return {
              ...req,
              path: releasesOf(project.slug),
              // A copy: autocannon adds content-length to the headers it is given.
              headers: { ...project.headers },
              body: JSON.stringify({ version: `${prefix}.${made++}`, commitSha: "abcdef1234" }),
            };
          },
        },
      ];
    };
    const target = { url: base, headers: { ...headers } };

    // Warm up: compile routes, fill caches, in every server process.
    await load({ ...target, connections: 4, amount: 60, requests: register("warm", projects) });
    const alone = await load({ ...target, connections: 1, amount: 50, requests: register("solo") });
    const atWork: { interval: number; load: Load }[] = [];
    for (const interval of PIPELINE_INTERVALS_MS) {
      log(`API on ${engine}: ${CLIENTS} pipelines, each every ${interval / 1000} s, for ${PIPELINE_SECONDS} s…`);
      const clients = projects.map((project) => ({ url: `${base}${releasesOf(project.slug)}`, headers: project.headers }));
      atWork.push({ interval, load: await pipelines(clients, interval, PIPELINE_SECONDS) });
    }
    log(`API on ${engine}: pipelines measured; capacity…`);
    const burst = await load({ ...target, connections: CLIENTS, amount: CLIENTS * CREATES, requests: register("burst") });
    const spread = await load({ ...target, connections: CLIENTS, amount: CLIENTS * CREATES, requests: register("spread", projects) });

    // Sustained reads: what --wait and status checks poll.
    const board = (await (await fetch(`${base}/api/v1/projects/${slug}/board`, { headers })).json()) as {
      columns: { inFlight: { id: string } | null }[];
    };
    const promotion = board.columns[0]!.inFlight?.id;
    if (!promotion) throw new Error("no promotion in flight in dev to poll");
    const reads = await load({
      url: base,
      headers: { authorization: headers.authorization! },
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
    // Wrong passwords, four per email (under the limits), each from another address: a known
    // email must not answer measurably slower or faster than an unknown one.
    const guesses = async (emails: string[]) => {
      const samples: number[] = [];
      for (let round = 0; round < 4; round++)
        for (const email of emails) {
          const api = await request.newContext({
            baseURL: base,
            extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${(samples.length % 250) + 1}` },
          });
          const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
          const started = performance.now();
          await api.post("/api/auth/callback/credentials", {
            form: { csrfToken, email, password: "a wrong guess", callbackUrl: "/" },
            maxRedirects: 0,
          });
          samples.push(performance.now() - started);
          await api.dispose();
        }
      return samples;
    };
    const knownGuesses = await guesses(known);
    const unknownGuesses = await guesses(known.map((email) => email.replace("known", "nobody")));
    const summary = (l: Load, unit: string) => `${l.perSecond.toFixed(0)} ${unit}/s, ${l.failed} errors`;
    return [
      { metric: "POST /releases, 1 client", engine, samples: alone.samples, target: "(for reference)", result: `${alone.failed} errors` },
      ...atWork.map(({ interval, load }) => ({
        metric: `POST /releases, ${CLIENTS} pipelines at once, each every ${interval / 1000} s`,
        engine,
        samples: load.samples,
        target: "p95 ≤ 30 ms",
        result: summary(load, "releases"),
      })),
      {
        metric: `POST /releases, ${CLIENTS} clients back to back, 1 project`,
        engine,
        samples: burst.samples,
        target: "(capacity)",
        result: summary(burst, "releases"),
      },
      {
        metric: `POST /releases, ${CLIENTS} clients back to back, ${CLIENTS} projects`,
        engine,
        samples: spread.samples,
        target: "(capacity)",
        result: summary(spread, "releases"),
      },
      {
        metric: `API reads, ${CLIENTS} clients for ${SUSTAIN_S} s`,
        engine,
        samples: reads.samples,
        target: "≥ 300 req/s, no errors",
        result: summary(reads, "req"),
      },
      { metric: "wrong password, an email that is a member's", engine, samples: knownGuesses, target: "≈ unknown email" },
      { metric: "wrong password, an email that is nobody's", engine, samples: unknownGuesses, target: "≈ known email" },
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
  // BENCH_API_ENGINES=pglite or =postgres measures one engine only (default: both).
  const engines = (process.env.BENCH_API_ENGINES ?? "pglite,postgres").split(",").map((engine) => engine.trim());
  if (engines.includes("pglite")) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-bench-api-"));
    try {
      rows.push(...(await measure("PGlite", { SHIPROOM_DATA_DIR: dataDir }, { email: "admin@shiproom.local", password: "shiproom" }, log)));
      log("API on PGlite measured");
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(`${dataDir}.lock`, { force: true });
    }
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl && engines.includes("postgres")) {
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
            ...(process.env.SHIPROOM_WORKERS ? { SHIPROOM_WORKERS: process.env.SHIPROOM_WORKERS } : {}),
          },
          ADMIN,
          log,
        )),
      );
      log("API on PostgreSQL measured");
    } finally {
      await database.drop();
    }
  }
  return rows;
}
