import type { NextRequest } from "next/server";

/** A request body read as a stream, with its declared size and file name (JUnit uploads). */
export function streamedUpload(req: NextRequest): {
  body: AsyncIterable<Uint8Array>;
  fileName: string | null;
  declaredBytes: number | null;
} {
  const length = req.headers.get("content-length");
  return {
    body: req.body as unknown as AsyncIterable<Uint8Array>,
    fileName: safeDecode(req.headers.get("x-file-name")),
    declaredBytes: length ? Number(length) : null,
  };
}

/** Browsers send the file name URI-encoded (headers are ASCII). */
function safeDecode(value: string | null): string | null {
  if (!value) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
