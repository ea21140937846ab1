// Attachments (screenshots, logs) on results and on test cases, stored in the database as rows of
// at most 1 MB (AttachmentChunk), written and read one chunk at a time with SQL (lib/db/sql.ts), so
// a 20 MB file is never held whole: an upload streams its body into chunks while hashing and
// counting them, and a download streams them out again. What a file is comes from its bytes
// (file-type), never from its name.
//
// An upload writes its chunks outside any transaction (a slow client must not hold one open: on
// PGlite there is one connection), under an Attachment row that is not listed until its last
// chunk is in (`storedAt`). A refused or broken upload deletes that row and its chunks; one a
// crash left behind is swept by the next upload after an hour.
import "server-only";
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { actorName, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/client";
import { notifyChange } from "@/lib/realtime/notify";
import { execute, readRows } from "@/lib/db/sql";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { isUuid } from "@/lib/http/validation";
import { canEditCases } from "@/lib/test-cases/policy";
import { canRecordResults } from "@/lib/test-runs/policy";
import { CHUNK_BYTES, isInline, MAX_ATTACHMENT_BYTES, TOO_LARGE } from "./limits";
import type { AttachmentDto, AttachmentEventDto, AttachmentListDto } from "./schemas";

export class AttachmentTooLarge extends AppError {
  constructor(message = TOO_LARGE) {
    super(413, "Payload too large", message, [{ field: "file", message }]);
  }
}

/** A file as it arrives: its bytes, its name (as the client sent it) and the size it declared. */
export type Upload = { body: AsyncIterable<Uint8Array>; fileName: string | null; declaredBytes: number | null };

/** What an attachment belongs to: a result (in a run) or a test case. */
type Owner =
  | { kind: "result"; projectId: string; projectSlug: string; resultId: string; caseKey: string; run: number }
  | { kind: "case"; projectId: string; projectSlug: string; caseId: string; caseKey: string };

const ACTIONS = {
  result: { added: "result.attachment_added", removed: "result.attachment_removed", objectType: "test_result" },
  case: { added: "case.attachment_added", removed: "case.attachment_removed", objectType: "test_case" },
} as const;

const ownerId = (owner: Owner) => (owner.kind === "result" ? owner.resultId : owner.caseId);

async function resultOwner(runId: string, resultId: string): Promise<Owner> {
  const [row] =
    isUuid(runId) && isUuid(resultId)
      ? await readRows<{ projectId: string; projectSlug: string; caseKey: string; run: number }>(Prisma.sql`
          select t."projectId"::text as "projectId", p.slug as "projectSlug", p.key || '-' || c.number as "caseKey", t.number as run
          from "TestResult" r
          join "TestRun" t on t.id = r."runId"
          join "Project" p on p.id = t."projectId"
          join "TestCase" c on c.id = r."caseId"
          where r.id = ${resultId}::uuid and r."runId" = ${runId}::uuid`)
      : [];
  if (!row) throw new NotFound("Result");
  return { kind: "result", resultId, ...row };
}

async function caseOwner(slug: string, key: string): Promise<Owner> {
  const match = /^([A-Za-z][A-Za-z0-9]*)-(\d{1,9})$/.exec(key);
  const [row] = match
    ? await readRows<{ caseId: string; projectId: string; projectSlug: string; caseKey: string }>(Prisma.sql`
        select c.id::text as "caseId", p.id::text as "projectId", p.slug as "projectSlug", p.key || '-' || c.number as "caseKey"
        from "Project" p join "TestCase" c on c."projectId" = p.id and c.number = ${Number(match[2])}
        where p.slug = ${slug} and p.key = ${match[1]!.toUpperCase()}`)
    : [];
  if (!row) throw new NotFound(`Test case ${key}`);
  return { kind: "case", ...row };
}

/** The name a file is kept under: its last path segment, without control characters. */
function fileNameOf(raw: string | null): string {
  const name = (raw ?? "")
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim();
  if (!name) throw new ValidationFailed([{ field: "fileName", message: "Name the file (the X-File-Name header)" }]);
  if (name.length > 255) throw new ValidationFailed([{ field: "fileName", message: "A file name has at most 255 characters" }]);
  return name;
}

/** Attaches a file to a result (anyone who records results). */
export async function attachToResult(actor: Actor, runId: string, resultId: string, upload: Upload): Promise<AttachmentDto> {
  if (!canRecordResults(actor)) throw new Forbidden("Only members attach files to results.");
  return store(actor, await resultOwner(runId, resultId), upload);
}

/** Attaches a file to a test case (anyone who edits the library). */
export async function attachToCase(actor: Actor, slug: string, key: string, upload: Upload): Promise<AttachmentDto> {
  if (!canEditCases(actor)) throw new Forbidden("Only members attach files to test cases.");
  return store(actor, await caseOwner(slug, key), upload);
}

/** Splits a stream into pieces of exactly `size` bytes (the last one shorter), keeping at most one piece. */
async function* pieces(body: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const part of body) {
    let rest = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    while (held + rest.length >= size) {
      const take = size - held;
      parts.push(rest.subarray(0, take));
      yield Buffer.concat(parts, size);
      rest = rest.subarray(take);
      parts = [];
      held = 0;
    }
    if (rest.length > 0) {
      // The caller's buffer may be reused: keep a copy.
      parts.push(Buffer.from(rest));
      held += rest.length;
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}

/**
 * Deletes pending attachments over an hour old (and their chunks): what an upload cut off by a
 * crash left behind. Called once per upload, before its first file is written.
 */
export async function sweepPending(): Promise<void> {
  await execute(Prisma.sql`delete from "Attachment" where "storedAt" is null and "createdAt" < now() - interval '1 hour'`);
}

/** An attachment whose bytes are in but which is not listed yet (`storedAt` is null). */
export type PendingAttachment = { id: string; fileName: string; bytes: number; sha256: string; contentType: string };

/**
 * Streams a file into a new attachment row of a project that is not listed yet, owned by a result,
 * a case or (until an import gives it one) nothing: chunks of at most 1 MB, hashed and counted as
 * they come, its type read from its first bytes. Throws AttachmentTooLarge past 20 MB (before
 * reading when the declared size says so) and a 422 for an empty file; what it wrote is deleted
 * again when it throws. The caller sweeps stale pending files first (`sweepPending`), once per upload.
 */
export async function writePending(
  actor: Actor,
  place: { projectId: string; resultId?: string | null; caseId?: string | null },
  fileName: string,
  upload: Omit<Upload, "fileName">,
): Promise<PendingAttachment> {
  // A file of a JUnit upload (no owner yet) is one of many: its refusals name it.
  const named = !place.resultId && !place.caseId;
  const tooLarge = () => new AttachmentTooLarge(named ? `${fileName}: ${TOO_LARGE}` : TOO_LARGE);
  if (upload.declaredBytes !== null && upload.declaredBytes > MAX_ATTACHMENT_BYTES) throw tooLarge();
  const { id } = await db().attachment.create({
    data: {
      projectId: place.projectId,
      resultId: place.resultId ?? null,
      caseId: place.caseId ?? null,
      fileName,
      contentType: "application/octet-stream",
      uploadedById: actor.kind === "MEMBER" ? actor.id : null,
      tokenId: actor.kind === "TOKEN" ? actor.id : null,
    },
    select: { id: true },
  });
  try {
    const hash = createHash("sha256");
    let bytes = 0;
    let index = 0;
    let contentType = "application/octet-stream";
    for await (const chunk of pieces(upload.body, CHUNK_BYTES)) {
      bytes += chunk.length;
      if (bytes > MAX_ATTACHMENT_BYTES) throw tooLarge();
      if (index === 0) contentType = (await fileTypeFromBuffer(chunk))?.mime ?? contentType;
      hash.update(chunk);
      // As base64 text: PGlite binds a 1 MB bytea parameter some 50 times slower (measured: 1.5 s against 30 ms).
      await execute(
        Prisma.sql`insert into "AttachmentChunk" ("attachmentId", index, data)
                   values (${id}::uuid, ${index}, decode(${chunk.toString("base64")}, 'base64'))`,
      );
      index++;
    }
    if (bytes === 0) {
      const message = named ? `${fileName} is empty` : "The file is empty";
      throw new ValidationFailed([{ field: "file", message }], message);
    }
    const sha256 = hash.digest("hex");
    await execute(
      Prisma.sql`update "Attachment" set bytes = ${bytes}, sha256 = ${sha256}, "contentType" = ${contentType} where id = ${id}::uuid`,
    );
    return { id, fileName, bytes, sha256, contentType };
  } catch (error) {
    await dropPending([id]);
    throw error;
  }
}

/** Tells open pages that a project's attachment lists changed. */
export function notifyAttachments(tx: Tx, project: { projectId: string; projectSlug: string }): Promise<void> {
  return notifyChange(tx, { projectId: project.projectId, projectSlug: project.projectSlug, topics: ["attachments"] });
}

/** Deletes attachments that were never listed (and their chunks); listed ones are left alone. */
export async function dropPending(ids: string[]): Promise<void> {
  if (ids.length > 0) await execute(Prisma.sql`delete from "Attachment" where id = any(${ids}::uuid[]) and "storedAt" is null`);
}

/** The audit event of an attachment added to a result or case (its history reads these). */
export function attachmentAdded(
  owner: { kind: "result"; resultId: string; run: number } | { kind: "case"; caseId: string },
  projectId: string,
  caseKey: string,
  file: PendingAttachment,
  also: Record<string, unknown> = {},
) {
  const actions = ACTIONS[owner.kind];
  return {
    action: actions.added,
    objectType: actions.objectType,
    objectId: owner.kind === "result" ? owner.resultId : owner.caseId,
    projectId,
    after: {
      case: caseKey,
      ...(owner.kind === "result" ? { run: owner.run } : {}),
      attachmentId: file.id,
      fileName: file.fileName,
      contentType: file.contentType,
      bytes: file.bytes,
      sha256: file.sha256,
      ...also,
    },
  };
}

async function store(actor: Actor, owner: Owner, upload: Upload): Promise<AttachmentDto> {
  const fileName = fileNameOf(upload.fileName);
  await sweepPending();
  const file = await writePending(
    actor,
    {
      projectId: owner.projectId,
      resultId: owner.kind === "result" ? owner.resultId : null,
      caseId: owner.kind === "case" ? owner.caseId : null,
    },
    fileName,
    upload,
  );
  try {
    const kept = await transaction(async (tx) => {
      // The same file (name and bytes) already there is the answer: a second click or a retried upload adds nothing.
      const [same] = await tx.attachment.findMany({
        where: {
          ...(owner.kind === "result" ? { resultId: owner.resultId } : { caseId: owner.caseId }),
          fileName,
          sha256: file.sha256,
          storedAt: { not: null },
        },
        select: { id: true },
        take: 1,
      });
      if (same) return same.id;
      const stored = await tx.attachment.updateMany({ where: { id: file.id }, data: { storedAt: new Date() } });
      // The result or case went away meanwhile (and its attachments with it).
      if (stored.count === 0) throw new NotFound(owner.kind === "result" ? "Result" : `Test case ${owner.caseKey}`);
      await recordAudit(tx, actor, attachmentAdded(owner, owner.projectId, owner.caseKey, file));
      await notifyAttachments(tx, owner);
      return file.id;
    }, CHANGE);
    if (kept !== file.id) await dropPending([file.id]);
    return (await attachmentsWhere(Prisma.sql`a.id = ${kept}::uuid`))[0]!;
  } catch (error) {
    await dropPending([file.id]);
    throw error;
  }
}

type Row = {
  id: string;
  fileName: string;
  contentType: string;
  bytes: number;
  sha256: string;
  uploadedById: string | null;
  uploadedBy: string;
  createdAt: Date;
};

async function attachmentsWhere(condition: Prisma.Sql): Promise<AttachmentDto[]> {
  const rows = await readRows<Row>(Prisma.sql`
    select a.id::text as id, a."fileName", a."contentType", a.bytes, a.sha256, a."uploadedById"::text as "uploadedById",
           coalesce(m.name, t.name, 'an API token') as "uploadedBy", a."createdAt"
    from "Attachment" a
    left join "Member" m on m.id = a."uploadedById"
    left join "ApiToken" t on t.id = a."tokenId"
    where a."storedAt" is not null and ${condition}
    order by a."createdAt", a.id`);
  return rows.map((row) => ({
    ...row,
    inline: isInline(row.contentType),
    createdAt: row.createdAt.toISOString(),
    url: `/api/v1/attachments/${row.id}`,
  }));
}

async function historyOf(owner: Owner): Promise<AttachmentEventDto[]> {
  const actions = ACTIONS[owner.kind];
  const events = await db().auditEvent.findMany({
    where: { objectType: actions.objectType, objectId: ownerId(owner), action: { in: [actions.added, actions.removed] } },
    orderBy: { seq: "asc" },
    select: { action: true, actorLabel: true, occurredAt: true, after: true },
  });
  return events.map((event) => ({
    action: event.action === actions.added ? "attached" : "removed",
    fileName: String((event.after as { fileName?: unknown } | null)?.fileName ?? "a file"),
    by: actorName(event.actorLabel),
    at: event.occurredAt.toISOString(),
  }));
}

/** A result's attachments, and every one added and removed (its history). */
export async function listResultAttachments(runId: string, resultId: string): Promise<AttachmentListDto> {
  const owner = await resultOwner(runId, resultId);
  const [items, history] = await Promise.all([attachmentsWhere(Prisma.sql`a."resultId" = ${resultId}::uuid`), historyOf(owner)]);
  return { items, history };
}

/** A test case's attachments, and every one added and removed. */
export async function listCaseAttachments(slug: string, key: string): Promise<AttachmentListDto> {
  const owner = await caseOwner(slug, key);
  const caseId = (owner as { caseId: string }).caseId;
  const [items, history] = await Promise.all([attachmentsWhere(Prisma.sql`a."caseId" = ${caseId}::uuid`), historyOf(owner)]);
  return { items, history };
}

/** One attachment's metadata, and its bytes as a stream read one chunk at a time. */
export async function openAttachment(id: string): Promise<{ attachment: AttachmentDto; body: ReadableStream<Uint8Array> }> {
  const [attachment] = isUuid(id) ? await attachmentsWhere(Prisma.sql`a.id = ${id}::uuid`) : [];
  if (!attachment) throw new NotFound("Attachment");
  const count = Math.ceil(attachment.bytes / CHUNK_BYTES);
  let index = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (index >= count) return controller.close();
        const [row] = await readRows<{ data: string }>(
          Prisma.sql`select encode(data, 'base64') as data from "AttachmentChunk" where "attachmentId" = ${id}::uuid and index = ${index}`,
        );
        // Removed while it was being read: the download ends short rather than with other bytes.
        if (!row) return controller.error(new Error(`Attachment ${id} was removed while it was read`));
        const bytes = Buffer.from(row.data, "base64");
        controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        index++;
      },
    },
    { highWaterMark: 0 },
  );
  return { attachment, body };
}

/** Removes an attachment and every chunk of it (who uploaded it, or an admin); recorded in the owner's history and the audit trail. */
export async function removeAttachment(actor: Actor, id: string): Promise<AttachmentDto> {
  if (actor.kind !== "MEMBER") throw new Forbidden("Only people remove attachments.");
  const [attachment] = isUuid(id) ? await attachmentsWhere(Prisma.sql`a.id = ${id}::uuid`) : [];
  if (!attachment) throw new NotFound("Attachment");
  if (!actor.roles.includes("ADMIN") && actor.id !== attachment.uploadedById)
    throw new Forbidden(`Only an admin or ${attachment.uploadedBy}, who uploaded it, removes ${attachment.fileName}.`);
  const row = await db().attachment.findUniqueOrThrow({ where: { id }, select: { resultId: true, caseId: true } });
  const owner = row.resultId
    ? await readRows<{ runId: string }>(
        Prisma.sql`select "runId"::text as "runId" from "TestResult" where id = ${row.resultId}::uuid`,
      ).then(([result]) => resultOwner(result!.runId, row.resultId!))
    : await readRows<{ slug: string; caseKey: string }>(Prisma.sql`
        select p.slug, p.key || '-' || c.number as "caseKey" from "TestCase" c join "Project" p on p.id = c."projectId"
        where c.id = ${row.caseId}::uuid`).then(([found]) => caseOwner(found!.slug, found!.caseKey));
  await transaction(async (tx) => {
    const deleted = await tx.attachment.deleteMany({ where: { id } });
    if (deleted.count === 0) throw new NotFound("Attachment");
    const actions = ACTIONS[owner.kind];
    await recordAudit(tx, actor, {
      action: actions.removed,
      objectType: actions.objectType,
      objectId: ownerId(owner),
      projectId: owner.projectId,
      before: { uploadedBy: attachment.uploadedBy, uploadedAt: attachment.createdAt, sha256: attachment.sha256 },
      after: {
        case: owner.caseKey,
        ...(owner.kind === "result" ? { run: owner.run } : {}),
        attachmentId: id,
        fileName: attachment.fileName,
        bytes: attachment.bytes,
      },
    });
    await notifyAttachments(tx, owner);
  }, CHANGE);
  return attachment;
}
