import { describe, expect, test } from "vitest";
import { memberActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { makeMember } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { eventHash } from "./chain";
import { recordAudit } from "./record";

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

  test("the database refuses to edit or delete an event", async () => {
    const member = await makeMember(["ADMIN"]);
    await db().$transaction((tx) => recordAudit(tx, memberActor(member), { action: "test.protected", objectType: "test", objectId: "p" }));
    await expect(
      database.prisma.auditEvent.updateMany({ where: { action: "test.protected" }, data: { reason: "rewritten" } }),
    ).rejects.toThrow(/append-only/);
    await expect(database.prisma.auditEvent.deleteMany({ where: { action: "test.protected" } })).rejects.toThrow(/append-only/);
    expect(await database.prisma.auditEvent.count({ where: { action: "test.protected" } })).toBe(1);
  });
});
