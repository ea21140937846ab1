// The GitOps half of `npm run bench`, on a fresh database of each engine:
//   - verifying 100,000 chained audit events (written with real hashes, in bulk)
//   - the audit page's filtered query over 1,000,000 events (PostgreSQL; 100,000 on PGlite):
//     by action, by actor, by project, by project within a week, by object
//   - applying a 20-environment shiproom.yaml (first apply creates 17 environments; then a change)
import { randomUUID } from "node:crypto";
import { memberActor, type Actor } from "@/lib/auth/actor";
import { eventHash, type ChainedFields } from "@/lib/audit/chain";
import { listAuditEvents } from "@/lib/audit/queries";
import { verifyAuditChain } from "@/lib/audit/verify";
import { bindDatabase, prismaFor } from "@/lib/db/client";
import type { OpenedDatabase } from "@/lib/db/connection";
import { applyMigrations } from "@/lib/db/migrate";
import { applyPipeline } from "@/lib/pipeline/mutations";
import { createProject } from "@/lib/projects/mutations";

type RecordFn = (metric: string, engine: string, samples: number[], target: string, result?: string) => void;

const CHAIN = Number(process.env.BENCH_AUDIT_CHAIN ?? 100_000);
const ACTIONS = [
  "release.created",
  "deployment.requested",
  "deployment.approval_given",
  "deployment.approved",
  "deployment.succeeded",
  "run.junit_imported",
  "result.recorded",
  "case.updated",
];

/** Writes `count` events chained to whatever the trail ends with, in batches of one statement each. */
const SPACING_MS = 30_000;

/** Writes `count` events, one every 30 s from `start`, chained to whatever the trail ends with. */
async function writeChain(opened: OpenedDatabase, count: number, start: number, projects: string[], actors: string[]) {
  const [last] = await opened.sql.query<{ hash: string }>(`select hash from "AuditEvent" order by seq desc limit 1`);
  let prev: string | null = last?.hash ?? null;
  for (let done = 0; done < count;) {
    const n = Math.min(5000, count - done);
    const rows: (ChainedFields & { prevHash: string | null; hash: string })[] = [];
    for (let i = 0; i < n; i++) {
      const k = done + i;
      const fields: ChainedFields = {
        occurredAt: new Date(start + k * SPACING_MS),
        actorKind: "MEMBER",
        actorMemberId: actors[k % actors.length]!,
        actorTokenId: null,
        actorLabel: `Bench Person ${k % actors.length} <p${k % actors.length}@bench.test>`,
        action: ACTIONS[k % ACTIONS.length]!,
        objectType: "release",
        objectId: randomUUID(),
        projectId: projects[k % projects.length]!,
        reason: k % 7 === 0 ? "because the bench says so" : null,
        before: null,
        after: { n: k, version: `v1.${k}.0`, environment: "staging" },
        origin: { ip: "10.0.0.1", userAgent: "bench" },
      };
      const hash = eventHash(prev, fields);
      rows.push({ ...fields, prevHash: prev, hash });
      prev = hash;
    }
    const col = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((r) => r[key]);
    await opened.sql.query(
      `insert into "AuditEvent" ("occurredAt", "actorKind", "actorMemberId", "actorLabel", action, "objectType", "objectId", "projectId", reason, after, origin, "prevHash", hash)
       select t.at, 'MEMBER', t.actor, t.label, t.action, t.otype, t.oid, t.project, t.reason, t.after::jsonb, t.origin::jsonb, t.prev, t.hash
       from unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
         as t(at, actor, label, action, otype, oid, project, reason, after, origin, prev, hash)`,
      [
        col("occurredAt"),
        col("actorMemberId"),
        col("actorLabel"),
        col("action"),
        col("objectType"),
        col("objectId"),
        col("projectId"),
        col("reason"),
        rows.map((r) => JSON.stringify(r.after)),
        rows.map((r) => JSON.stringify(r.origin)),
        col("prevHash"),
        col("hash"),
      ],
    );
    done += n;
  }
}

/** Makes the trail `total` events long, continuing every 30 s from `from`: realistic for queries, not chained. */
async function fill(opened: OpenedDatabase, total: number, from: number, projects: string[], actors: string[]) {
  const [{ count }] = (await opened.sql.query<{ count: string }>(`select count(*)::text as count from "AuditEvent"`)) as [
    { count: string },
  ];
  const missing = total - Number(count);
  for (let done = 0; done < missing; done += 100_000) {
    const n = Math.min(100_000, missing - done);
    await opened.sql.exec(`
      insert into "AuditEvent" ("occurredAt", "actorKind", "actorMemberId", "actorLabel", action, "objectType", "objectId", "projectId", after, "prevHash", hash)
      select to_timestamp(${from / 1000} + g * ${SPACING_MS / 1000}), 'MEMBER',
             (array['${actors.join("','")}'])[1 + g % ${actors.length}]::uuid, 'Bench Person',
             (array['${ACTIONS.join("','")}'])[1 + g % ${ACTIONS.length}],
             'release', gen_random_uuid()::text,
             (array['${projects.join("','")}'])[1 + (g / 7) % ${projects.length}]::uuid,
             jsonb_build_object('n', g), null, md5(g::text)
      from generate_series(${done + 1}, ${done + n}) as g`);
  }
  await opened.sql.exec(`analyze "AuditEvent"`);
}

function timeQueries(): { name: string; filter: (p: string, a: string, o: string) => Record<string, string> }[] {
  const week = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  return [
    { name: "by action", filter: () => ({ action: "deployment.approved" }) },
    { name: "by actor", filter: (_p, a) => ({ actor: a }) },
    { name: "by project", filter: (p) => ({ projectId: p }) },
    { name: "by project, one week", filter: (p) => ({ projectId: p, from: week(14), to: week(7) }) },
    { name: "by action prefix", filter: () => ({ action: "deployment." }) },
    { name: "by object", filter: (_p, _a, o) => ({ objectType: "release", objectId: o }) },
  ];
}

function pipelineYaml(environments: number, approvals: number): string {
  const envs = Array.from({ length: environments }, (_, i) => {
    const name = i === 0 ? "dev" : i === 1 ? "staging" : i === environments - 1 ? "production" : `stage-${i}`;
    return [
      `  - name: ${name}`,
      i === 0 ? "    autoPromote: true\n    requirePreviousSuccess: false" : "",
      i > 1 ? `    approvals: [{ role: ops, count: ${approvals} }, { role: qa, count: 1 }]` : "",
      i > 1 ? "    signOff: { in: staging }" : "",
      i > 1 ? '    freezes:\n      - { label: Weekend, timeZone: Europe/Berlin, weekly: { from: "fri 16:00", to: "mon 08:00" } }' : "",
    ]
      .filter(Boolean)
      .join("\n");
  });
  return `version: 1\nenvironments:\n${envs.join("\n")}\n`;
}

export async function benchAudit(engine: string, opened: OpenedDatabase, record: RecordFn, log: (line: string) => void, queryRows: number) {
  await applyMigrations(opened.sql);
  const prisma = bindDatabase(opened, prismaFor(opened));
  const admin = await prisma.member.create({ data: { name: "Bench Admin", email: `admin-${Date.now()}@bench.test`, roles: ["ADMIN"] } });
  const actor: Actor = memberActor(admin);
  const projects: string[] = [];
  for (let p = 0; p < 20; p++) {
    const slug = `audit-${p}-${Date.now().toString(36)}`;
    projects.push((await createProject(actor, { name: slug, slug, key: `A${p}${Date.now().toString(36).slice(-4).toUpperCase()}` })).id);
  }
  const actors = Array.from({ length: 25 }, () => randomUUID());

  let started = Date.now();
  const start = Date.now() - queryRows * SPACING_MS;
  await writeChain(opened, CHAIN, start, projects, actors);
  log(`${engine}: wrote ${CHAIN.toLocaleString("en")} chained audit events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const verifies: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const result = await verifyAuditChain();
    verifies.push(performance.now() - t);
    if (!result.ok || result.checked < CHAIN) throw new Error(`verification failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
  }
  record(`verify ${CHAIN.toLocaleString("en")} audit events`, engine, verifies, "≤ 3000 ms");

  started = Date.now();
  await fill(opened, queryRows, start + CHAIN * SPACING_MS, projects, actors);
  log(`${engine}: the trail holds ${queryRows.toLocaleString("en")} events (filled in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const [object] = await opened.sql.query<{ objectId: string }>(`select "objectId" from "AuditEvent" where seq = 5000`);
  const slugs = await opened.sql.query<{ id: string; slug: string }>(`select id, slug from "Project"`);
  const samples: number[] = [];
  for (const query of timeQueries()) {
    const mine: number[] = [];
    for (let i = 0; i < 25; i++) {
      const projectId = projects[i % projects.length]!;
      const filter = query.filter(projectId, actors[i % actors.length]!, object!.objectId);
      const { projectId: pid, ...rest } = filter;
      const raw = pid ? { ...rest, project: slugs.find((s) => s.id === pid)!.slug } : rest;
      const t = performance.now();
      const page = await listAuditEvents(actor, raw);
      samples.push(performance.now() - t);
      mine.push(performance.now() - t);
      if (i === 0 && page.events.length === 0) throw new Error(`the audit query ${query.name} found nothing`);
    }
    mine.sort((a, b) => a - b);
    log(`${engine}: audit query ${query.name}: median ${mine[12]!.toFixed(1)} ms, slowest ${mine[24]!.toFixed(1)} ms`);
  }
  record(`audit page query over ${queryRows.toLocaleString("en")} events (6 filters)`, engine, samples, "p95 ≤ 100 ms");

  const applies: number[] = [];
  for (let i = 0; i < 5; i++) {
    const slug = `apply-${i}-${Date.now().toString(36)}`;
    await createProject(actor, { name: slug, slug, key: `P${i}${Date.now().toString(36).slice(-4).toUpperCase()}` });
    let t = performance.now();
    await applyPipeline(actor, slug, pipelineYaml(20, 2));
    applies.push(performance.now() - t);
    t = performance.now();
    await applyPipeline(actor, slug, pipelineYaml(20, 3));
    applies.push(performance.now() - t);
  }
  record("apply a 20-environment shiproom.yaml", engine, applies, "≤ 1000 ms");
  await prisma.$disconnect();
}
