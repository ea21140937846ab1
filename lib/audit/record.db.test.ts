import { describe, expect, test } from "vitest";
import { memberActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { makeMember } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { eventHash } from "./chain";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { parse } from "csv-parse/sync";
import { exportAuditEvents } from "./queries";
import { recordAudit } from "./record";
import { verifyAuditChain } from "./verify";

const database = setupTestDatabase();

describe("the audit trail", () => {
  test("each event is chained to the one before it", async () => {
    const member = await makeMember(["ADMIN"]);
    const actor = memberActor(member, { ip: "10.0.0.1", userAgent: "test" });
    for (const n of [1, 2, 3]) {
      await db().$transaction((tx) =>
        recordAudit(tx, actor, { action: "test.happened", objectType: "test", objectId: String(n), reason: `step ${n}`, after: { n } }),
      );
    }
    const events = await database.prisma.auditEvent.findMany({ where: { action: "test.happened" }, orderBy: { seq: "asc" } });
    expect(events).toHaveLength(3);
    for (const [index, event] of events.entries()) {
      if (index > 0) expect(event.prevHash).toBe(events[index - 1]!.hash);
      const recomputed = eventHash(event.prevHash, {
        occurredAt: event.occurredAt,
        actorKind: event.actorKind,
        actorMemberId: event.actorMemberId,
        actorTokenId: event.actorTokenId,
        actorLabel: event.actorLabel,
        action: event.action,
        objectType: event.objectType,
        objectId: event.objectId,
        projectId: event.projectId,
        reason: event.reason,
        before: event.before,
        after: event.after,
        origin: event.origin,
      });
      expect(recomputed).toBe(event.hash);
    }
    expect(events[0]!.actorMemberId).toBe(member.id);
    expect(events[0]!.origin).toEqual({ ip: "10.0.0.1", userAgent: "test" });
  });

  test("concurrent writers never fork the chain", async () => {
    const member = await makeMember(["ADMIN"]);
    const actor = memberActor(member);
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        db().$transaction((tx) => recordAudit(tx, actor, { action: "test.concurrent", objectType: "test", objectId: String(n) })),
      ),
    );
    const events = await database.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    const prevHashes = events.map((e) => e.prevHash);
    expect(new Set(prevHashes).size).toBe(prevHashes.length);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
  });

  test("a change's events are appended at its end, in the order recorded, even with others running", async () => {
    const member = await makeMember(["ADMIN"]);
    const actor = memberActor(member);
    await Promise.all(
      Array.from({ length: 8 }, (_, change) =>
        transaction(async (tx) => {
          for (const step of [0, 1, 2]) {
            await recordAudit(tx, actor, { action: "test.step", objectType: "test", objectId: `${change}`, after: { step } });
            // Other changes run between this change's steps.
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
        }, CHANGE),
      ),
    );
    const events = await database.prisma.auditEvent.findMany({ where: { action: "test.step" }, orderBy: { seq: "asc" } });
    expect(events).toHaveLength(24);
    // Each change's three events sit together, in the order it recorded them.
    for (let i = 0; i < events.length; i += 3) {
      const group = events.slice(i, i + 3);
      expect(new Set(group.map((e) => e.objectId)).size).toBe(1);
      expect(group.map((e) => (e.after as { step: number }).step)).toEqual([0, 1, 2]);
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  test("a change with more events than one statement can carry appends them all, chained", async () => {
    const member = await makeMember(["ADMIN"]);
    const actor = memberActor(member);
    await transaction(async (tx) => {
      for (let n = 0; n < 4500; n++) await recordAudit(tx, actor, { action: "test.many", objectType: "test", objectId: String(n) });
    }, CHANGE);
    const events = await database.prisma.auditEvent.findMany({ where: { action: "test.many" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.objectId)).toEqual(Array.from({ length: 4500 }, (_, n) => String(n)));
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  test("a change that fails leaves no event behind", async () => {
    const member = await makeMember(["ADMIN"]);
    await expect(
      transaction(async (tx) => {
        await recordAudit(tx, memberActor(member), { action: "test.failed", objectType: "test", objectId: "f" });
        throw new Error("the change fails after recording");
      }, CHANGE),
    ).rejects.toThrow("the change fails after recording");
    expect(await database.prisma.auditEvent.count({ where: { action: "test.failed" } })).toBe(0);
  });

  test("the database refuses to edit or delete an event", async () => {
    const member = await makeMember(["ADMIN"]);
    await db().$transaction((tx) => recordAudit(tx, memberActor(member), { action: "test.protected", objectType: "test", objectId: "p" }));
    await expect(
      database.prisma.auditEvent.updateMany({ where: { action: "test.protected" }, data: { reason: "rewritten" } }),
    ).rejects.toThrow(/append-only/);
    await expect(database.prisma.auditEvent.deleteMany({ where: { action: "test.protected" } })).rejects.toThrow(/append-only/);
    expect(await database.prisma.auditEvent.count({ where: { action: "test.protected" } })).toBe(1);
  });

  test("the CSV export quotes what needs it and keeps a reason from running as a spreadsheet formula", async () => {
    const admin = memberActor(await makeMember(["ADMIN"]), { ip: "10.0.0.2", userAgent: "test" });
    const reasons = ['=HYPERLINK("http://evil.example","x")', "+1, and a comma", 'a "quoted"\nsecond line', "@SUM(A1)", "plain"];
    for (const [n, reason] of reasons.entries())
      await db().$transaction((tx) =>
        recordAudit(tx, admin, { action: "test.exported", objectType: "test", objectId: `csv-${n}`, reason }),
      );
    const stream = await exportAuditEvents(admin, { action: "test.exported" }, "csv");
    const text = await new Response(stream).text();
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.reason)).toEqual([
      `'=HYPERLINK("http://evil.example","x")`,
      "'+1, and a comma",
      'a "quoted"\nsecond line',
      "'@SUM(A1)",
      "plain",
    ]);
    expect(records.map((r) => r.objectId)).toEqual(["csv-0", "csv-1", "csv-2", "csv-3", "csv-4"]);
  });
});
