import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { memberActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeMember } from "@/lib/testing/factories";
import { recordAudit } from "./record";
import { verifyAuditChain } from "./verify";

const database = setupTestDatabase();

/** Tampering as someone with direct database access would: the append-only trigger switched off. */
async function tamper(sql: string) {
  await database.opened.sql.exec(`
    alter table "AuditEvent" disable trigger "AuditEvent_append_only";
    ${sql};
    alter table "AuditEvent" enable trigger "AuditEvent_append_only";`);
}

let seqs: bigint[] = [];
beforeAll(async () => {
  const actor = memberActor(await makeMember(["ADMIN"]), { ip: "10.0.0.9" });
  // More than ten, so that ordering by the number, not its text, matters.
  for (let n = 1; n <= 12; n++) {
    await db().$transaction((tx) =>
      recordAudit(tx, actor, {
        action: "test.step",
        objectType: "test",
        objectId: String(n),
        reason: `step ${n}`,
        after: { n, nested: { b: 1, a: [n] } },
      }),
    );
  }
  seqs = (await db().auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true } })).map((e) => e.seq);
});

describe("verifying the audit trail", () => {
  afterEach(async () => {
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  test("an untouched trail verifies, and names its head", async () => {
    const result = await verifyAuditChain();
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(result.checked).toBeGreaterThanOrEqual(8);
    expect(result.head?.seq).toBe(seqs.at(-1)!.toString());
  });

  test("an edited event is named", async () => {
    const target = seqs[3]!;
    await tamper(`update "AuditEvent" set reason = 'nothing happened' where seq = ${target}`);
    const result = await verifyAuditChain();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        seq: target.toString(),
        kind: "edited",
        message: `event #${target} (test.step) was changed after it was written: its content no longer matches its hash`,
      },
    ]);
    await tamper(`update "AuditEvent" set reason = 'step 4' where seq = ${target}`);
  });

  test("an edit inside a JSON value is caught too", async () => {
    const target = seqs[2]!;
    await tamper(`update "AuditEvent" set after = jsonb_set(after, '{nested,b}', '2') where seq = ${target}`);
    expect((await verifyAuditChain()).problems.map((p) => [p.seq, p.kind])).toEqual([[target.toString(), "edited"]]);
    await tamper(`update "AuditEvent" set after = jsonb_set(after, '{nested,b}', '1') where seq = ${target}`);
  });

  test("a deleted event is named by its neighbours", async () => {
    const [gone, next] = [seqs[4]!, seqs[5]!];
    const row = (await database.opened.sql.query<Record<string, unknown>>(`select * from "AuditEvent" where seq = ${gone}`))[0]!;
    await tamper(`delete from "AuditEvent" where seq = ${gone}`);
    const result = await verifyAuditChain();
    expect(result.problems).toEqual([
      {
        seq: next.toString(),
        kind: "deleted",
        message: `the event between #${seqs[3]} and #${next} is missing: it was deleted (or edited together with its hash)`,
      },
    ]);
    const columns = Object.keys(row);
    await database.opened.sql.query(`alter table "AuditEvent" disable trigger "AuditEvent_append_only"`);
    await database.opened.sql.query(
      `insert into "AuditEvent" (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
      columns.map((c) => (row[c] !== null && typeof row[c] === "object" && !(row[c] instanceof Date) ? JSON.stringify(row[c]) : row[c])),
    );
    await database.opened.sql.query(`alter table "AuditEvent" enable trigger "AuditEvent_append_only"`);
  });

  test("two events swapped in order are named as reordered", async () => {
    const [a, b] = [seqs[1]!, seqs[2]!];
    await tamper(`
      update "AuditEvent" set seq = -1 where seq = ${a};
      update "AuditEvent" set seq = ${a} where seq = ${b};
      update "AuditEvent" set seq = ${b} where seq = -1`);
    const result = await verifyAuditChain();
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind)).toContain("reordered");
    expect(result.problems[0]!.seq).toBe(a.toString());
    await tamper(`
      update "AuditEvent" set seq = -1 where seq = ${a};
      update "AuditEvent" set seq = ${a} where seq = ${b};
      update "AuditEvent" set seq = ${b} where seq = -1`);
  });

  test("a forged hash for an edited event breaks the next link", async () => {
    const [target, next] = [seqs[6]!, seqs[7]!];
    const original = (await database.opened.sql.query<{ hash: string }>(`select hash from "AuditEvent" where seq = ${target}`))[0]!.hash;
    await tamper(`update "AuditEvent" set hash = repeat('0', 64) where seq = ${target}`);
    const kinds = (await verifyAuditChain()).problems.map((p) => [p.seq, p.kind]);
    expect(kinds).toEqual([
      [target.toString(), "edited"],
      [next.toString(), "deleted"],
    ]);
    await tamper(`update "AuditEvent" set hash = '${original}' where seq = ${target}`);
  });

  test("a project's verify covers its own events: their edits and reorders, not other projects' events or gaps", async () => {
    const actor = memberActor(await makeMember(["ADMIN"]));
    const [mine, theirs] = [randomUUID(), randomUUID()];
    for (let n = 0; n < 6; n++)
      await db().$transaction((tx) =>
        recordAudit(tx, actor, { action: "test.project", objectType: "test", objectId: `p${n}`, projectId: n % 2 ? theirs : mine }),
      );
    const events = await db().auditEvent.findMany({ where: { projectId: { in: [mine, theirs] } }, orderBy: { seq: "asc" } });
    const [m1, t1, m2, t2, m3] = events.map((e) => e.seq) as [bigint, bigint, bigint, bigint, bigint];
    expect(await verifyAuditChain({ projectId: mine })).toMatchObject({ ok: true, checked: 3, problems: [] });

    // Another project's event edited: not this project's business.
    await tamper(`update "AuditEvent" set reason = 'edited' where seq = ${t1}`);
    expect(await verifyAuditChain({ projectId: mine })).toMatchObject({ ok: true, problems: [] });
    expect((await verifyAuditChain({ projectId: theirs })).problems.map((p) => [p.seq, p.kind])).toEqual([[t1.toString(), "edited"]]);
    await tamper(`update "AuditEvent" set reason = null where seq = ${t1}`);

    // Its own event edited, and two of its own swapped.
    await tamper(`update "AuditEvent" set "objectId" = 'forged' where seq = ${m2}`);
    expect((await verifyAuditChain({ projectId: mine })).problems.map((p) => [p.seq, p.kind])).toEqual([[m2.toString(), "edited"]]);
    await tamper(`update "AuditEvent" set "objectId" = 'p2' where seq = ${m2}`);
    const swap = `
      update "AuditEvent" set seq = -1 where seq = ${m1};
      update "AuditEvent" set seq = ${m1} where seq = ${m3};
      update "AuditEvent" set seq = ${m3} where seq = -1`;
    await tamper(swap);
    const reordered = await verifyAuditChain({ projectId: mine });
    expect(reordered.problems.map((p) => p.kind)).toContain("reordered");
    expect(reordered.problems.map((p) => p.message).join(" ")).not.toContain(t1.toString());
    expect(reordered.problems.map((p) => p.message).join(" ")).not.toContain(t2.toString());
    await tamper(swap);
  });
});
