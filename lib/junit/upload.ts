// How a JUnit report reaches the server: the report as the whole body (application/xml), or a
// multipart/form-data body whose first part is the report and whose later parts are the files its
// tests name as attachments (lib/junit/attachments.ts).
import "server-only";
import type { NextRequest } from "next/server";
import { BadRequest } from "@/lib/http/errors";
import { fileParts, isMultipart } from "@/lib/http/multipart";
import { streamedUpload } from "@/lib/http/upload";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, UPLOAD_TOO_LARGE } from "@/lib/attachments/limits";
import type { ReportUpload } from "./import";

/** The report of a request, and in a multipart one the files after it. Throws a 400 for an empty body, a 413 over 100 MB in all. */
export async function reportUpload(req: NextRequest): Promise<ReportUpload> {
  if (!req.body) throw new BadRequest("Send the JUnit XML report as the request body.");
  const contentType = req.headers.get("content-type");
  if (!isMultipart(contentType)) return streamedUpload(req);
  const length = req.headers.get("content-length");
  const parts = fileParts(
    req.body as unknown as AsyncIterable<Uint8Array>,
    { contentType: contentType!, declaredBytes: length ? Number(length) : null },
    // One part more than the files: the report.
    { maxBytes: MAX_UPLOAD_BYTES, maxFiles: MAX_UPLOAD_FILES + 1, tooLarge: UPLOAD_TOO_LARGE },
  );
  const first = await parts.next();
  if (first.done) throw new BadRequest("The multipart body holds no file: its first part is the JUnit report, then the files it names.");
  if (first.value.field !== "report")
    throw new BadRequest(
      `The first part is "${first.value.field}": a multipart upload starts with the JUnit report in a part named report, then the files it names (curl -F "report=@junit.xml" -F "attachment=@shot.png").`,
    );
  return {
    body: first.value.body,
    fileName: first.value.fileName.split(/[\\/]/).pop() || null,
    declaredBytes: null,
    files: { [Symbol.asyncIterator]: () => parts },
  };
}
