import { BadRequest } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { importJunit } from "@/lib/junit/import";

// POST /api/v1/runs/:id/junit — the JUnit XML report as the body (application/xml); `X-File-Name` names it
export const POST = withRoute<{ id: string }>({
  rawBody: true,
  handler: ({ params, actor, req }) => {
    if (!req.body) throw new BadRequest("Send the JUnit XML report as the request body.");
    const length = req.headers.get("content-length");
    return importJunit(actor, params.id, {
      body: req.body as unknown as AsyncIterable<Uint8Array>,
      fileName: safeDecode(req.headers.get("x-file-name")),
      declaredBytes: length ? Number(length) : null,
    });
  },
});

/** Browsers send the file name URI-encoded (headers are ASCII). */
function safeDecode(value: string | null): string | null {
  if (!value) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
