// The fuzz test's engine: requests generated with fast-check from the API registry — every
// operation, its path, query and body made from its zod schemas, then bent: wrong types, huge and
// empty strings, Unicode edge cases (NUL, lone surrogates, right-to-left, emoji), numbers that
// overflow, impossible dates, prototype-pollution keys, path traversal and malformed
// percent-encoding — sent by everyone in e2e/api/callers.ts. No answer may be a 5xx, and a batch
// of refused requests may change nothing (no audit event by the callers who were refused).
import type { APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import { inputSchema } from "@/lib/api/openapi";
import { operations } from "@/lib/api/operations";
import type { Operation } from "@/lib/http/operation";
import type { Caller } from "./callers";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  required?: string[];
  format?: string;
};

/** Real ids and names of the world the fuzz runs in, so some requests reach deep into the handlers. */
export type Known = Record<string, string[]>;

export type FuzzRequest = {
  op: string;
  caller: number;
  method: Operation["method"];
  path: string;
  headers: Record<string, string>;
  body?: string;
};

const huge = (n: number) => "x".repeat(n);
const EDGE_STRINGS = [
  "",
  " ",
  huge(300),
  huge(5_001),
  huge(70_000),
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202egnp.exe",
  "🚀".repeat(50),
  "Ω≈ç√∫",
  "ﷺ",
  "<script>alert(1)</script>",
  '\'; drop table "Release"; --',
  "../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "%00",
  "${jndi:ldap://x}",
  "null",
  "true",
  "-1",
  "1e309",
  "99999999999999999999",
  "2027-02-30T10:00",
  "2026-03-29T02:30",
  "0000-00-00",
  "Europe/Atlantis",
  "__proto__",
];
const EDGE_NUMBERS = [0, -1, 1.5, -0.0001, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e21, Number.MAX_VALUE];
const EDGE_PATHS = ["..", "%2e%2e", "%C0%AE", "%ED%A0%80", "%", "%ZZ", "%00", "a%00b", "%F0%9F%9A%80", huge(3000), "CON", "~root", "."];

const edgeString = fc.constantFrom(...EDGE_STRINGS);
/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) as the bytes a client would send. */
const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
};
/** Any JSON value a client could send in place of another. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  edgeString,
  fc.constantFrom(...EDGE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [null], { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } }),
  fc.string({ maxLength: 40, unit: "binary" }),
  fc.integer(),
  fc.double(),
);

/** A value shaped like the schema says, often bent. */
function valueOf(schema: JsonSchema | undefined, known: Known, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return wrongValue;
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) return fc.oneof(...options.map((o) => valueOf(o, known, depth + 1)));
  if (schema.const !== undefined)
    return fc.oneof({ weight: 4, arbitrary: fc.constant(schema.const) }, { weight: 1, arbitrary: wrongValue });
  if (schema.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: wrongValue });
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const shaped: fc.Arbitrary<unknown> =
    type === "object"
      ? objectOf(schema, known, depth)
      : type === "array"
        ? fc.array(valueOf(schema.items, known, depth + 1), { maxLength: 4 })
        : type === "integer" || type === "number"
          ? fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constantFrom(...EDGE_NUMBERS))
          : type === "boolean"
            ? fc.boolean()
            : fc.oneof(
                fc.constantFrom(...Object.values(known).flat(), "v1.4.0", "abcdef1", "staging", "production", "ops"),
                fc.string({ maxLength: 20 }),
              );
  return fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 1, arbitrary: wrongValue });
}

function objectOf(schema: JsonSchema, known: Known, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const fields = Object.fromEntries(properties.map(([key, sub]) => [key, valueOf(sub, known, depth + 1)]));
  return fc.record(fields, { requiredKeys: [] }).chain((value) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(value) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          { ...value, __proto__: { isAdmin: true } },
          { ...value, constructor: { name: "x" } },
          { ...value, "\u0000": 1 },
        ),
      },
    ),
  );
}

function pathOf(op: Operation, known: Known): fc.Arbitrary<string> {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name!);
  const segment = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...(known[name]?.length ? known[name]! : ["x"])).map(encode) },
      { weight: 1, arbitrary: fc.constantFrom(...EDGE_PATHS) },
      { weight: 1, arbitrary: edgeString.map((s) => encode(s.slice(0, 2000)) || "%20") },
    );
  return fc.tuple(...names.map(segment)).map((values) => {
    let path = op.path;
    names.forEach((name, i) => (path = path.replace(`{${name}}`, values[i]!)));
    return `/api/v1${path}`;
  });
}

function queryOf(op: Operation, known: Known): fc.Arbitrary<string> {
  const properties = op.query ? Object.keys((inputSchema(op.query) as JsonSchema).properties ?? {}) : [];
  const extra = ["page", "before", "format", "status", "q"];
  const keys = [...new Set([...properties, ...extra])];
  const value = fc.oneof(
    fc.constantFrom(...Object.values(known).flat()),
    edgeString,
    fc.constantFrom(
      "1",
      "2",
      "0",
      "-1",
      "1e309",
      "99999999999999999999",
      "NaN",
      "jsonl",
      "csv",
      "pending",
      "%ZZ",
      "%00",
      "2027-02-30T00:00Z",
    ),
  );
  return fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 3 }).map((pairs) => {
    if (!pairs.length) return "";
    return `?${pairs.map(([k, v]) => `${k}=${/%[0-9A-Z]{2}|%$/i.test(v) && v.length < 5 ? v : encode(v.slice(0, 3000))}`).join("&")}`;
  });
}

const XML = [
  '<testsuite name="s"><testcase classname="a" name="b"/></testsuite>',
  '<testsuites><testsuite name="s"><testcase name="t" time="1e400"><failure message="x"/></testcase></testsuite></testsuites>',
  "<testsuite><testcase",
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><testsuite/>',
  "not xml at all",
  "",
  `<testsuite>${"<x>".repeat(200)}</testsuite>`,
];

function bodyOf(op: Operation, known: Known, slug: string): fc.Arbitrary<string | undefined> {
  if (op.rawBody) {
    if (op.rawBody.contentType.includes("yaml")) {
      const yaml = `version: 1\nproject: ${slug}\nenvironments:\n  - name: dev\n  - name: staging\n  - name: production\n    approvals: [{ role: ops, count: 1 }]\n`;
      return fc.oneof(
        fc.constant(yaml),
        edgeString,
        fc.constantFrom(
          yaml.replace("count: 1", "count: 1e400"),
          yaml.replace("production", "prod\u0000uction"),
          `${yaml}    freezes: [{ label: x, timeZone: Europe/Berlin, from: "2027-02-30T10:00", to: "2027-03-01T10:00" }]\n`,
          "a: [\n",
          "&a [*a, *a]",
        ),
      );
    }
    return fc.constantFrom(...XML);
  }
  if (!op.body) return fc.option(fc.constantFrom("{}", "null", "[]"), { nil: undefined });
  return fc.oneof(
    { weight: 8, arbitrary: valueOf(inputSchema(op.body) as JsonSchema, known).map((value) => JSON.stringify(value ?? null)) },
    { weight: 1, arbitrary: fc.constantFrom("{", "not json", '{"a":1}x', `{"version":${"9".repeat(400)}}`, '{"version":1e999}', "") },
  );
}

/** The requests of one fuzz run: `count` of them, reproducible from `seed`. */
export function fuzzRequests(count: number, seed: number, callers: number, known: Known, slug: string): FuzzRequest[] {
  // The live-update stream never ends by design: it is the one operation not sent here.
  const ops = (Object.values(operations) as Operation[]).filter((op) => op.id !== "events");
  const request = fc.constantFrom(...ops).chain((op) =>
    fc
      .record({
        caller: fc.integer({ min: 0, max: callers - 1 }),
        path: pathOf(op, known),
        query: queryOf(op, known),
        body: bodyOf(op, known, slug),
        origin: fc.oneof(
          { weight: 8, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom("null", "not a url", "http://evil.example") },
        ),
        contentType: fc.oneof(
          { weight: 8, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/json; charset=utf-16", "") },
        ),
      })
      .map(({ caller, path, query, body, origin, contentType }): FuzzRequest => ({
        op: op.id,
        caller,
        method: op.method,
        path: `${path}${query}`,
        body: op.method === "GET" ? undefined : body,
        headers: {
          ...(body !== undefined && op.method !== "GET"
            ? { "content-type": contentType ?? op.rawBody?.contentType ?? "application/json" }
            : {}),
          ...(origin ? { origin } : {}),
        },
      })),
  );
  return fc.sample(request, { seed, numRuns: count });
}

export type FuzzOutcome = {
  sent: number;
  byStatus: Record<number, number>;
  serverErrors: string[];
  changedWhileRefused: string[];
  unanswered: string[];
};

/**
 * Sends the requests in batches; after each batch, each caller who got only refusals in it must
 * have no new audit event (every change records one, by its actor).
 */
export async function runFuzz(
  requests: FuzzRequest[],
  callers: Caller[],
  admin: APIRequestContext,
  batch = 100,
  parallel = 4,
): Promise<FuzzOutcome> {
  const outcome: FuzzOutcome = { sent: 0, byStatus: {}, serverErrors: [], changedWhileRefused: [], unanswered: [] };
  const latestSeq = async (caller: Caller) => {
    if (caller.kind === "anonymous") return "0";
    const page = (await (await admin.get(`/api/v1/audit?actor=${caller.id}`)).json()) as { events?: { seq: string }[] };
    return page.events?.[0]?.seq ?? "0";
  };
  const send = async (req: FuzzRequest, changedBy: Set<number>) => {
    const caller = callers[req.caller]!;
    let status: number;
    let text = "";
    try {
      const response = await caller.api.fetch(req.path, {
        method: req.method,
        headers: req.headers,
        data: req.body,
        maxRedirects: 0,
        timeout: 30_000,
      });
      status = response.status();
      if (status >= 500) text = (await response.text()).slice(0, 300);
    } catch (error) {
      outcome.unanswered.push(
        `${req.op} ${req.method} ${req.path.slice(0, 200)} as ${caller.name}: ${(error as Error).message.split("\n")[0]}`,
      );
      return;
    }
    outcome.sent++;
    outcome.byStatus[status] = (outcome.byStatus[status] ?? 0) + 1;
    if (status >= 500)
      outcome.serverErrors.push(
        `${status} ${req.op} ${req.method} ${req.path.slice(0, 200)} as ${caller.name} body=${(req.body ?? "").slice(0, 120)} → ${text}`,
      );
    if (req.method !== "GET" && status < 400) changedBy.add(req.caller);
  };
  for (let start = 0; start < requests.length; start += batch) {
    const slice = requests.slice(start, start + batch);
    const before = await Promise.all(callers.map(latestSeq));
    const changedBy = new Set<number>();
    // A few at once, as several pipelines and people would.
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < slice.length) await send(slice[next++]!, changedBy);
      }),
    );
    const after = await Promise.all(callers.map(latestSeq));
    callers.forEach((caller, i) => {
      if (!changedBy.has(i) && after[i] !== before[i])
        outcome.changedWhileRefused.push(
          `${caller.name}: an audit event (#${after[i]}) in a batch where every write of theirs was refused`,
        );
    });
  }
  return outcome;
}

/**
 * A few real objects in the fuzz's project, made by its callers, so generated paths reach them:
 * releases, a promotion, a run and a result, a case, a suite, a webhook, a spare token and member.
 * The callers' own tokens and members are left out: the fuzz must not revoke or deactivate them.
 */
export async function knownWorld(admin: APIRequestContext, dev: APIRequestContext, slug: string, key: string): Promise<Known> {
  const json = async <T>(response: { json(): Promise<unknown> }) => (await response.json()) as T;
  const version = `v${Date.now().toString(36)}`;
  await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version, commitSha: "abcdef1" } });
  const board = await json<{ columns: { inFlight: { id: string } | null; environment: { id: string } }[] }>(
    await dev.get(`/api/v1/projects/${slug}/board`),
  );
  const caseMade = await json<{ key: string; id: string }>(
    await admin.post(`/api/v1/projects/${slug}/cases`, { data: { title: "Fuzzed case" } }),
  );
  const run = await json<{ id: string }>(
    await admin.post(`/api/v1/projects/${slug}/runs`, { data: { release: version, environment: "staging", all: true } }),
  );
  const results = await json<{ results: { id: string }[] }>(await admin.get(`/api/v1/runs/${run.id}`));
  const suites = await json<{ id: string }[]>(await admin.post(`/api/v1/projects/${slug}/suites`, { data: { name: "Fuzzed suite" } }));
  const hook = await json<{ id: string }>(
    await admin.post(`/api/v1/projects/${slug}/webhooks`, {
      data: { name: "Fuzzed hook", url: "https://hooks.example.com/fuzz", events: ["release.created"] },
    }),
  );
  const token = await json<{ id: string }>(
    await admin.post(`/api/v1/projects/${slug}/tokens`, { data: { name: "spare", scopes: ["read"] } }),
  );
  const member = await json<{ id: string }>(
    await admin.post("/api/v1/members", { data: { name: "Spare", email: `spare-${Date.now().toString(36)}@example.test`, roles: ["QA"] } }),
  );
  return {
    slug: [slug, key],
    version: [version, "v0.0.0-missing"],
    id: [
      ...board.columns.flatMap((c) => [c.environment.id, ...(c.inFlight ? [c.inFlight.id] : [])]),
      run.id,
      suites[0]?.id ?? run.id,
      hook.id,
      token.id,
      member.id,
      "00000000-0000-7000-8000-000000000000",
    ],
    resultId: results.results.map((r) => r.id),
    key: [caseMade.key, `${key}-999999999999`],
  };
}
