// What an attachment may be, shared by the server (lib/attachments/store.ts) and the pages that
// upload one: the server is the one that enforces it.

/** The most one attachment may hold. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Each AttachmentChunk row holds at most this many bytes. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * The types shown inline (by their bytes, never their name): the browser renders these as images
 * and nothing else. SVG is not among them (it can hold script): it downloads like any other file.
 */
const INLINE_TYPES: readonly string[] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

export function isInline(contentType: string): boolean {
  return INLINE_TYPES.includes(contentType);
}

/** "1.4 MB", "312 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const TOO_LARGE = `An attachment holds at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`;

/** A JUnit report with its attachments (one multipart upload) holds at most this many bytes in all. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** Files one such upload may carry besides its report. */
export const MAX_UPLOAD_FILES = 1000;
export const UPLOAD_TOO_LARGE = `A report with its attachments holds at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB in all.`;
