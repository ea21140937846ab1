import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { memberActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { ValidationFailed } from "@/lib/http/errors";
import { listNotifications } from "@/lib/notifications/queries";
import { commentOnRelease, createRelease } from "@/lib/releases/mutations";
import { getRelease } from "@/lib/releases/queries";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeMember, makePipeline } from "@/lib/testing/factories";
import { createCase } from "@/lib/test-cases/mutations";
import { createRun, recordResult } from "@/lib/test-runs/mutations";
import { getResultDetail, getRun } from "@/lib/test-runs/queries";
import { mentionToken } from "./tokens";

setupTestDatabase();

const mentions = async (memberId: string) => (await listNotifications(memberId)).items.filter((n) => n.kind === "mention");

/** A project with v1.4.0 and three people: Dana (developer), Olive and Oscar (ops). */
async function team() {
  const pipeline = await makePipeline();
  const [dana, olive, oscar] = await Promise.all([
    makeMember(["DEVELOPER"], { name: "Dana Developer" }),
    makeMember(["OPS"], { name: "Olive Ops" }),
    makeMember(["OPS"], { name: "Oscar Ops" }),
  ]);
  const actor = (member: typeof dana) => memberActor(member, { ip: "127.0.0.1", userAgent: "vitest" });
  await createRelease(actor(dana), pipeline.slug, { version: "v1.4.0", commitSha: "abcdef1" });
  return { ...pipeline, dana, olive, oscar, actor };
}

describe("mentions in a release's discussion", () => {
  test("a mention notifies the member it names by id, with a link to the comment; the writer is never told", async () => {
    const { slug, dana, olive, oscar, actor } = await team();
    const body = `Can ${mentionToken(olive)} check the **migration**? ${mentionToken(dana)} will watch.\n\n<b>x</b> [logs](https://example.com/logs) ${"and more ".repeat(20)}`;
    await commentOnRelease(actor(dana), slug, "v1.4.0", { body });

    const comment = await db().comment.findFirstOrThrow({ where: { authorId: dana.id } });
    const [told] = await mentions(olive.id);
    expect(told).toMatchObject({
      kind: "mention",
      title:
        "Dana Developer mentioned you in v1.4.0's discussion: Can @Olive Ops check the migration? @Dana Developer will watch. x logs and more and more and more and more and more and…",
      link: `/projects/${slug}/releases/v1.4.0#comment-${comment.id}`,
      readAt: null,
    });
    expect(await mentions(dana.id)).toEqual([]);
    expect(await mentions(oscar.id)).toEqual([]);
  });

  test("a deactivated member mentioned is not told; the comment is kept", async () => {
    const { slug, dana, olive, actor } = await team();
    await db().member.update({ where: { id: olive.id }, data: { deactivatedAt: new Date() } });
    await commentOnRelease(actor(dana), slug, "v1.4.0", { body: `FYI ${mentionToken(olive)}` });
    expect(await mentions(olive.id)).toEqual([]);
    expect(await db().comment.count({ where: { authorId: dana.id } })).toBe(1);
  });

  test("a mention of an id that is no member's is refused on the body field, and nothing is kept", async () => {
    const { slug, dana, actor } = await team();
    const forged = `Hey ${mentionToken({ id: randomUUID(), name: "Olive Ops" })}`;
    const error = await commentOnRelease(actor(dana), slug, "v1.4.0", { body: forged }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).status).toBe(422);
    expect((error as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(["body"]);
    expect(await db().comment.count({ where: { authorId: dana.id } })).toBe(0);
  });

  test("a renamed member's mention reads with their new name, still by their id", async () => {
    const { slug, dana, olive, actor } = await team();
    await commentOnRelease(actor(dana), slug, "v1.4.0", { body: `Over to ${mentionToken(olive)}` });
    await db().member.update({ where: { id: olive.id }, data: { name: "Olive Operator" } });

    const release = await getRelease(slug, "v1.4.0");
    const comment = release.timeline.find((item) => item.action === "release.commented");
    expect(comment?.body).toBe(`Over to @[Olive Operator](member:${olive.id})`);
    expect(comment?.commentId).toBe((await db().comment.findFirstOrThrow({ where: { authorId: dana.id } })).id);
  });
});

describe("mentions in a result's note", () => {
  test("a note's mention notifies once, with a link to the result; a forged id is refused on the note field", async () => {
    const { slug, dana, olive, oscar, actor } = await team();
    await createCase(actor(dana), slug, { title: "Checkout works" });
    const run = await createRun(actor(dana), slug, { release: "v1.4.0", environment: "dev", all: true });
    const result = await db().testResult.findFirstOrThrow({ where: { runId: run.id } });

    await recordResult(actor(dana), run.id, result.id, { status: "FAILED", note: `Card **declined**, ${mentionToken(olive)} see logs` });
    const [told] = await mentions(olive.id);
    expect(told?.title).toMatch(
      /^Dana Developer mentioned you in a note on \S+-1 \(run #1, v1\.4\.0\): Card declined, @Olive Ops see logs$/,
    );
    expect(told?.link).toBe(`/projects/${slug}/runs/${run.id}/execute?result=${result.id}`);

    // The note edited, Olive still in it and Oscar added: only Oscar is told.
    await recordResult(actor(dana), run.id, result.id, {
      status: "FAILED",
      note: `Card declined, ${mentionToken(olive)} and ${mentionToken(oscar)} see logs`,
    });
    expect(await mentions(olive.id)).toHaveLength(1);
    expect(await mentions(oscar.id)).toHaveLength(1);

    const forged = recordResult(actor(dana), run.id, result.id, { status: "PASSED", note: mentionToken({ id: randomUUID(), name: "X" }) });
    await expect(forged).rejects.toMatchObject({ status: 422, fieldErrors: [{ field: "note" }] });

    await db().member.update({ where: { id: oscar.id }, data: { name: "Oscar Operator" } });
    const detail = await getResultDetail(run.id, result.id);
    expect(detail.history.at(-1)?.note).toBe(`Card declined, ${mentionToken(olive)} and @[Oscar Operator](member:${oscar.id}) see logs`);
    expect((await getRun(run.id)).results[0]?.note).toContain(`@[Oscar Operator](member:${oscar.id})`);
  });
});
