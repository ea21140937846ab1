import { createHash, randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { Forbidden } from "@/lib/http/errors";
import { createRelease } from "@/lib/releases/mutations";
import { createCase } from "@/lib/test-cases/mutations";
import { createRun, recordResult } from "@/lib/test-runs/mutations";
import { getRun } from "@/lib/test-runs/queries";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { CHUNK_BYTES, MAX_ATTACHMENT_BYTES } from "./limits";
import {
  attachToCase,
  attachToResult,
  AttachmentTooLarge,
  listCaseAttachments,
  listResultAttachments,
  openAttachment,
  removeAttachment,
  type Upload,
} from "./store";

setupTestDatabase();

/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

/** The bytes as a client sends them: in parts of `part` bytes, which do not line up with the chunks. */
function upload(bytes: Buffer, fileName: string | null, part = 300_001, declared: number | null = bytes.length): Upload {
  async function* body() {
    for (let at = 0; at < bytes.length; at += part) yield new Uint8Array(bytes.subarray(at, at + part));
  }
  return { body: body(), fileName, declaredBytes: declared };
}

async function readBack(id: string): Promise<Buffer> {
  const { body } = await openAttachment(id);
  const parts: Buffer[] = [];
  for await (const part of body as unknown as AsyncIterable<Uint8Array>) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const chunksOf = (attachmentId: string) =>
  db().attachmentChunk.findMany({ where: { attachmentId }, orderBy: { index: "asc" }, select: { index: true, data: true } });

/** A run with one manual case failed by QA. */
async function failedResult() {
  const pipeline = await makePipeline();
  const dev = await makeActor(["DEVELOPER"]);
  const qa = await makeActor(["QA"]);
  const version = unique("v");
  await createRelease(dev, pipeline.slug, { version, commitSha: "abcdef1234" });
  const testCase = await createCase(qa, pipeline.slug, { title: "Checkout takes a card" });
  const run = await createRun(qa, pipeline.slug, { release: version, environment: "staging", all: true });
  const result = (await getRun(run.id)).results[0]!;
  await recordResult(qa, run.id, result.id, { status: "FAILED", note: "Card declined" });
  return { ...pipeline, dev, qa, run, result, testCase };
}

describe("attachments", () => {
  test("a file over 3 MB is stored as chunks of at most 1 MB and read back byte for byte", async () => {
    const { qa, run, result } = await failedResult();
    const bytes = randomBytes(3 * CHUNK_BYTES + 12_345);
    const attachment = await attachToResult(qa, run.id, result.id, upload(bytes, "browser.log"));
    expect(attachment).toMatchObject({
      fileName: "browser.log",
      bytes: bytes.length,
      sha256: sha256(bytes),
      contentType: "application/octet-stream",
      inline: false,
      uploadedById: qa.id,
    });
    const chunks = await chunksOf(attachment.id);
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(chunks.every((c) => c.data.length <= CHUNK_BYTES)).toBe(true);
    expect(sha256(await readBack(attachment.id))).toBe(sha256(bytes));
  });

  test("what a file is comes from its bytes: a PNG named .txt is an image, a text named .png is not", async () => {
    const { qa, run, result, slug, testCase } = await failedResult();
    const png = await attachToResult(qa, run.id, result.id, upload(PNG, "notes.txt"));
    expect(png).toMatchObject({ contentType: "image/png", inline: true });
    const text = await attachToResult(qa, run.id, result.id, upload(Buffer.from("just a log line\n"), "screenshot.png"));
    expect(text).toMatchObject({ contentType: "application/octet-stream", inline: false });
    const svg = await attachToCase(
      qa,
      slug,
      testCase.key,
      upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "x.svg"),
    );
    expect(svg.inline).toBe(false);
    const listed = await listResultAttachments(run.id, result.id);
    expect(listed.items.map((a) => a.fileName)).toEqual(["notes.txt", "screenshot.png"]);
    expect(listed.history.map((e) => `${e.action} ${e.fileName}`)).toEqual(["attached notes.txt", "attached screenshot.png"]);
    expect((await listCaseAttachments(slug, testCase.key)).items.map((a) => a.fileName)).toEqual(["x.svg"]);
  });

  test("past 20 MB the upload is refused and nothing of it is left", async () => {
    const { qa, run, result } = await failedResult();
    const before = await db().attachmentChunk.count();
    const bytes = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 7);
    // The size it declares is not trusted: counted as it arrives.
    await expect(attachToResult(qa, run.id, result.id, upload(bytes, "huge.bin", 700_000, null))).rejects.toBeInstanceOf(
      AttachmentTooLarge,
    );
    await expect(attachToResult(qa, run.id, result.id, upload(bytes, "huge.bin"))).rejects.toMatchObject({ status: 413 });
    expect(await db().attachment.count({ where: { resultId: result.id } })).toBe(0);
    expect(await db().attachmentChunk.count()).toBe(before);
  }, 180_000);

  test("refusals: no name, an empty file, a result of another run", async () => {
    const { qa, run, result } = await failedResult();
    await expect(attachToResult(qa, run.id, result.id, upload(PNG, null))).rejects.toMatchObject({
      status: 422,
      fieldErrors: [{ field: "fileName" }],
    });
    await expect(attachToResult(qa, run.id, result.id, upload(Buffer.alloc(0), "empty.log"))).rejects.toMatchObject({
      status: 422,
      fieldErrors: [{ field: "file", message: "The file is empty" }],
    });
    const other = await failedResult();
    await expect(attachToResult(qa, other.run.id, result.id, upload(PNG, "a.png"))).rejects.toMatchObject({ status: 404 });
    expect(await db().attachment.count({ where: { resultId: result.id } })).toBe(0);
  });

  test("a path in the name keeps its last segment", async () => {
    const { qa, run, result } = await failedResult();
    const attachment = await attachToResult(qa, run.id, result.id, upload(PNG, "../../etc/C:\\shots\\shot.png"));
    expect(attachment.fileName).toBe("shot.png");
  });

  test("the same file again on the same result is the one already there; other bytes under its name are another file", async () => {
    const { qa, run, result, projectId } = await failedResult();
    const first = await attachToResult(qa, run.id, result.id, upload(PNG, "shot.png"));
    const again = await attachToResult(qa, run.id, result.id, upload(PNG, "shot.png"));
    expect(again.id).toBe(first.id);
    const other = await attachToResult(qa, run.id, result.id, upload(Buffer.from("not a png"), "shot.png"));
    expect(other.id).not.toBe(first.id);
    const listed = await listResultAttachments(run.id, result.id);
    expect(listed.items.map((a) => a.id)).toEqual([first.id, other.id]);
    expect(listed.history.filter((h) => h.action === "attached")).toHaveLength(2);
    expect(await db().attachment.count({ where: { resultId: result.id } })).toBe(2);
    // The second copy's bytes were dropped again.
    expect(await db().attachment.count({ where: { projectId, storedAt: null } })).toBe(0);
  });

  test("removal (its uploader or an admin) leaves no row behind and is recorded in the history", async () => {
    const { qa, dev, run, result, slug, testCase } = await failedResult();
    const admin = await makeActor(["ADMIN"]);
    const log = await attachToResult(qa, run.id, result.id, upload(randomBytes(CHUNK_BYTES * 2 + 1), "trace.log"));
    const onCase = await attachToCase(dev, slug, testCase.key, upload(PNG, "expected.png"));
    expect((await chunksOf(log.id)).length).toBe(3);

    await expect(removeAttachment(dev, log.id)).rejects.toBeInstanceOf(Forbidden);
    expect(await removeAttachment(qa, log.id)).toMatchObject({ fileName: "trace.log" });
    expect(await chunksOf(log.id)).toEqual([]);
    expect(await db().attachment.count({ where: { id: log.id } })).toBe(0);
    await expect(removeAttachment(qa, log.id)).rejects.toMatchObject({ status: 404 });
    await expect(openAttachment(log.id)).rejects.toMatchObject({ status: 404 });

    await removeAttachment(admin, onCase.id);
    expect(await chunksOf(onCase.id)).toEqual([]);

    const listed = await listResultAttachments(run.id, result.id);
    expect(listed.items).toEqual([]);
    expect(listed.history.map((e) => `${e.action} ${e.fileName} by ${e.by}`)).toEqual([
      `attached trace.log by ${qa.label.replace(/ <.*/, "")}`,
      `removed trace.log by ${qa.label.replace(/ <.*/, "")}`,
    ]);
    const audit = await db().auditEvent.findMany({ where: { action: { startsWith: "case.attachment" }, objectId: testCase.id } });
    expect(audit.map((e) => e.action).sort()).toEqual(["case.attachment_added", "case.attachment_removed"]);
  });

  test("an API token neither uploads nor removes", async () => {
    const { run, result } = await failedResult();
    const token = { kind: "TOKEN" as const, id: null, label: "ci", roles: [], scopes: ["results:write"] };
    await expect(attachToResult(token, run.id, result.id, upload(PNG, "a.png"))).rejects.toBeInstanceOf(Forbidden);
  });
});
