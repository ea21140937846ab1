// A multipart/form-data request body (RFC 7578) read a part at a time, each part's bytes streamed
// as they arrive: a JUnit report with its attachments may be 100 MB, and none of it is held whole
// here. Parsing is busboy's; this turns its events into an async iterator whose consumer sets the
// pace (busboy waits while a part is not read), and bounds the whole body.
import "server-only";
import { Readable } from "node:stream";
import busboy from "busboy";
import { AppError, BadRequest } from "./errors";

/** One file part: its form field, its file name exactly as sent (paths kept), and its bytes. */
export type FilePart = { field: string; fileName: string; body: AsyncIterable<Uint8Array> };

class MultipartTooLarge extends AppError {
  constructor(message: string) {
    super(413, "Payload too large", message, [{ field: "file", message }]);
  }
}

export function isMultipart(contentType: string | null): boolean {
  return /^multipart\/form-data\s*;/i.test(contentType ?? "");
}

/**
 * The file parts of a multipart body, in order. Throws a 413 past `maxBytes` in all (counted as the
 * body arrives, and at once when its declared length says so) or past `maxFiles` parts, and a 400
 * for a part that is no file (a plain form field) or a body that is not well-formed multipart.
 * A part its consumer does not read to the end is skipped when the next one is asked for; ending
 * the iteration early stops reading the body.
 */
export async function* fileParts(
  body: AsyncIterable<Uint8Array>,
  headers: { contentType: string; declaredBytes: number | null },
  limits: { maxBytes: number; maxFiles: number; tooLarge: string },
): AsyncGenerator<FilePart> {
  if (headers.declaredBytes !== null && headers.declaredBytes > limits.maxBytes) throw new MultipartTooLarge(limits.tooLarge);
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": headers.contentType }, preservePath: true, limits: { files: limits.maxFiles } });
  } catch (error) {
    throw new BadRequest(`Not a multipart body: ${(error as Error).message}.`);
  }
  type Event = { part: FilePart & { stream: Readable } } | { error: unknown } | { end: true };
  const events: Event[] = [];
  let wake: (() => void) | null = null;
  const push = (event: Event) => {
    events.push(event);
    wake?.();
    wake = null;
  };
  let received = 0;
  async function* counted() {
    for await (const chunk of body) {
      received += chunk.byteLength;
      if (received > limits.maxBytes) throw new MultipartTooLarge(limits.tooLarge);
      yield chunk;
    }
  }
  const source = Readable.from(counted(), { objectMode: false });
  source.on("error", (error) => {
    push({ error });
    // Ends the part being read too, with this error (busboy destroys its file stream).
    parser.destroy(error);
  });
  parser.on("file", (field, stream, info) => push({ part: { field, fileName: info.filename ?? "", body: stream, stream } }));
  parser.on("field", (field) =>
    push({
      error: new BadRequest(
        `The part "${field}" is a form field, not a file: send the report and its attachments as files (curl -F "report=@junit.xml").`,
      ),
    }),
  );
  parser.on("filesLimit", () =>
    push({ error: new MultipartTooLarge(`An upload carries at most ${limits.maxFiles.toLocaleString("en")} files.`) }),
  );
  parser.on("error", (error: Error) => push({ error: new BadRequest(`The multipart body is malformed: ${error.message}.`) }));
  parser.on("close", () => push({ end: true }));
  source.pipe(parser);

  let open: Readable | null = null;
  try {
    for (;;) {
      // What the consumer left of the last part is read past, so busboy can go on.
      if (open && !open.readableEnded) open.resume();
      open = null;
      while (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const event = events.shift()!;
      if ("end" in event) return;
      if ("error" in event) throw event.error;
      open = event.part.stream;
      // A part's stream errors when the body breaks off inside it.
      yield { field: event.part.field, fileName: event.part.fileName, body: throwing(event.part.stream, () => events) };
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/** A part's bytes; if the body fails while the part is read (too large, cut short), that error, not the stream's own. */
async function* throwing(stream: Readable, pending: () => object[]): AsyncGenerator<Uint8Array> {
  const failure = () => pending().find((event): event is { error: unknown } => "error" in event);
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    const cause = failure();
    throw cause ? cause.error : new BadRequest(`The multipart body broke off: ${(error as Error).message}.`);
  }
  const cause = failure();
  if (cause) throw cause.error;
}
