// The files a JUnit report names as its tests' attachments (parse.ts: `[[ATTACHMENT|path]]`, the
// `attachment` property), uploaded with it in one multipart request: the report first, then its
// files. Each file is streamed into a pending attachment before the import's transaction begins
// (lib/attachments/store.ts), and the import gives it to the results of the tests that name it.
// Which path a file is follows one rule, ./file-match.ts, that the run page's upload follows too.
// Uploading the same file to the same result again adds nothing.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { attachmentAdded, dropPending, sweepPending, writePending, type PendingAttachment } from "@/lib/attachments/store";
import type { Tx } from "@/lib/db/client";
import type { FilePart } from "@/lib/http/multipart";
import type { Warnings } from "@/lib/test-runs/import-warnings";
import { baseName, NamedPaths, normalPath } from "./file-match";

/** What an upload carried besides its report: each stored file under the path the report names it by. */
export type ReportFiles = {
  /** The report's own path for a file → the pending attachment holding it. */
  byReference: Map<string, PendingAttachment>;
  /** Files no test names (or that match several paths), by the name they were sent under. */
  notNamed: string[];
};

export const NO_FILES: ReportFiles = { byReference: new Map(), notNamed: [] };

/** The name a file is stored under: the last segment of the path it matched. */
const storedName = (path: string) => baseName(path).slice(-255);

/**
 * Stores the files that follow a report, matched to the paths it names (`named`); a file that
 * matches none is read past and listed in `notNamed`. Throws what writePending throws (a file over
 * 20 MB, an empty one) and whatever ends the body; what it stored is dropped then.
 */
export async function storeReportFiles(
  actor: Actor,
  projectId: string,
  named: string[],
  parts: AsyncIterable<FilePart>,
): Promise<ReportFiles> {
  const paths = new NamedPaths(named);
  const files: ReportFiles = { byReference: new Map(), notNamed: [] };
  const taken = new Set<string>();
  try {
    for await (const part of parts) {
      const { path: match, ends } = paths.match(part.fileName);
      if (!match || taken.has(match)) {
        const why = !normalPath(part.fileName)
          ? "(a part without a file name)"
          : ends > 1
            ? `${part.fileName} (it ends ${ends} paths the report names: send it with its path)`
            : match
              ? `${part.fileName} (sent twice)`
              : part.fileName;
        files.notNamed.push(why);
        for await (const chunk of part.body) void chunk;
        continue;
      }
      if (taken.size === 0) await sweepPending();
      taken.add(match);
      const file = await writePending(actor, { projectId }, storedName(match), { body: part.body, declaredBytes: null });
      for (const reference of paths.spellings(match)) files.byReference.set(reference, file);
    }
  } catch (error) {
    await dropReportFiles(files);
    throw error;
  }
  return files;
}

/** Drops the files an import did not give to a result (all of them, when it failed). */
export async function dropReportFiles(files: ReportFiles): Promise<void> {
  await dropPending([...new Set([...files.byReference.values()].map((file) => file.id))]);
}

/**
 * Tells what did not become an attachment: paths the report names that the upload did not carry —
 * unless every result of the tests naming one already holds a file of its name (an earlier upload
 * gave it) —, and files no test names. Needs the import's junit_attempt and junit_attachment
 * tables, its results written.
 */
export async function warnAboutFiles(tx: Tx, runId: string, warnings: Warnings, named: string[], files: ReportFiles): Promise<void> {
  const missing = named.filter((path) => !files.byReference.has(path));
  const held =
    missing.length === 0
      ? new Set<string>()
      : new Set(
          (
            await tx.$queryRaw<{ reference: string }[]>`
              select m.reference from unnest(${missing}::text[], ${missing.map((path) => storedName(normalPath(path)))}::text[]) as m(reference, file_name)
              where exists (select 1 from junit_attachment j where j.reference = m.reference)
                and not exists (
                  select 1 from junit_attachment j
                  join junit_attempt a on a.idx = j.idx
                  left join "TestResult" r on r."runId" = ${runId}::uuid and r."caseId" = a.case_id
                  where j.reference = m.reference
                    and (r.id is null or not exists (
                      select 1 from "Attachment" f where f."resultId" = r.id and f."storedAt" is not null and f."fileName" = m.file_name)))`
          ).map((row) => row.reference),
        );
  const notUploaded = missing.filter((path) => !held.has(path));
  if (notUploaded.length > 0) warnings.addCounted("attachment-not-uploaded", notUploaded.length, notUploaded.slice(0, 5));
  if (files.notNamed.length > 0) warnings.addCounted("attachment-not-named", files.notNamed.length, files.notNamed.slice(0, 5));
}

/**
 * Gives the upload's files to the results of the tests that name them, inside the import's
 * transaction, once its results are written: the first result a file goes to takes the pending
 * attachment itself; any other gets a copy of it (its row and its chunks, copied in the database).
 * A result that already holds the same file (name and SHA-256) gets nothing. Each attachment is
 * recorded in its result's history (the audit trail). Needs the import's junit_attempt (its tests'
 * cases) and junit_attachment (which attempt names which path) tables. Returns how many were added.
 */
export async function attachReportFiles(
  tx: Tx,
  actor: Actor,
  run: { id: string; number: number; projectId: string },
  files: ReportFiles,
  reportName: string | null,
): Promise<number> {
  if (files.byReference.size === 0) return 0;
  const pairs = await tx.$queryRaw<{ reference: string; resultId: string; caseKey: string }[]>`
    select j.reference, r.id::text as "resultId", p.key || '-' || c.number as "caseKey"
    from junit_attachment j
    join junit_attempt a on a.idx = j.idx
    join "TestResult" r on r."runId" = ${run.id}::uuid and r."caseId" = a.case_id
    join "TestCase" c on c.id = a.case_id
    join "Project" p on p.id = c."projectId"
    where j.reference = any(${[...files.byReference.keys()]}::text[])
    group by j.reference, r.id, p.key, c.number
    order by min(j.idx), min(j.position)`;
  // What the results already hold, read once: result, SHA-256 and name.
  const heldKey = (resultId: string, file: { sha256: string; fileName: string }) => `${resultId} ${file.sha256} ${file.fileName}`;
  const shas = [...new Set([...files.byReference.values()].map((file) => file.sha256))];
  const held = new Set(
    (
      await tx.$queryRaw<{ resultId: string; sha256: string; fileName: string }[]>`
        select "resultId"::text as "resultId", sha256, "fileName" from "Attachment"
        where "resultId" = any(${[...new Set(pairs.map((pair) => pair.resultId))]}::uuid[]) and "storedAt" is not null
          and sha256 = any(${shas}::text[])`
    ).map((row) => heldKey(row.resultId, row)),
  );
  const claimed = new Set<string>();
  let added = 0;
  for (const { reference, resultId, caseKey } of pairs) {
    const file = files.byReference.get(reference);
    if (!file || held.has(heldKey(resultId, file))) continue;
    held.add(heldKey(resultId, file));
    let id = file.id;
    if (!claimed.has(file.id)) {
      await tx.$executeRaw`update "Attachment" set "resultId" = ${resultId}::uuid, "storedAt" = now() where id = ${file.id}::uuid`;
      claimed.add(file.id);
    } else {
      const [copy] = await tx.$queryRaw<{ id: string }[]>`
        insert into "Attachment" (id, "projectId", "resultId", "fileName", "contentType", bytes, sha256, "uploadedById", "tokenId", "storedAt")
        select gen_random_uuid(), "projectId", ${resultId}::uuid, "fileName", "contentType", bytes, sha256, "uploadedById", "tokenId", now()
        from "Attachment" where id = ${file.id}::uuid
        returning id::text`;
      id = copy!.id;
      await tx.$executeRaw`
        insert into "AttachmentChunk" ("attachmentId", index, data)
        select ${id}::uuid, index, data from "AttachmentChunk" where "attachmentId" = ${file.id}::uuid`;
    }
    await recordAudit(
      tx,
      actor,
      attachmentAdded(
        { kind: "result", resultId, run: run.number },
        run.projectId,
        caseKey,
        { ...file, id },
        { report: reportName, path: reference },
      ),
    );
    added++;
  }
  return added;
}
