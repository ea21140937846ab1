// Retry safety for POSTs: a request carrying `Idempotency-Key` is answered once; a retry with
// the same key (from the same caller) gets the first answer again and changes nothing more.
// Keys live 24 hours. An answer of 5xx is not kept, so the retry runs again.
import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { Conflict, ValidationFailed } from "./errors";

export const IDEMPOTENCY_HEADER = "idempotency-key";
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
// A first request still unanswered after this long is taken to have died with its server.
const ABANDONED_AFTER_MS = 60_000;

function principalOf(actor: Actor): string {
  return `${actor.kind.toLowerCase()}:${actor.id ?? actor.label}`;
}

function checkKey(key: string): void {
  if (key.length === 0 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ValidationFailed([{ field: "Idempotency-Key", message: "Use 1 to 255 visible ASCII characters, such as a UUID" }]);
  }
}

async function replay(row: { status: number | null; response: string | null; contentType: string | null }): Promise<Response> {
  return new Response(row.response, {
    status: row.status!,
    headers: { "content-type": row.contentType ?? "application/json", "idempotency-replayed": "true", "cache-control": "no-store" },
  });
}

/**
 * Runs `work` once per (caller, key). `request` identifies what was asked (method, path, body):
 * the same key sent with a different request is refused.
 */
export async function idempotent(
  actor: Actor,
  key: string,
  request: { method: string; path: string; body: string },
  work: () => Promise<Response>,
): Promise<Response> {
  checkKey(key);
  const principal = principalOf(actor);
  const fingerprint = createHash("sha256").update(`${request.method}\n${request.path}\n${request.body}`).digest("hex");
  const claimed = await db().$queryRaw<{ id: string }[]>`
    insert into "IdempotencyKey" (id, principal, key, method, path, fingerprint)
    values (gen_random_uuid(), ${principal}, ${key}, ${request.method}, ${request.path}, ${fingerprint})
    on conflict (principal, key) do nothing
    returning id`;
  let id = claimed[0]?.id;
  if (!id) {
    const row = await db().idempotencyKey.findUnique({ where: { principal_key: { principal, key } } });
    if (!row) return idempotent(actor, key, request, work); // expired between the two statements
    if (row.fingerprint !== fingerprint) {
      throw new ValidationFailed([
        { field: "Idempotency-Key", message: `Already used for another request (${row.method} ${row.path}): use a new key` },
      ]);
    }
    if (row.status !== null) return replay(row);
    // Unanswered: still running, or its server died. Take it over only in the second case.
    const takenOver = await db().idempotencyKey.updateMany({
      where: { id: row.id, status: null, createdAt: { lt: new Date(Date.now() - ABANDONED_AFTER_MS) } },
      data: { createdAt: new Date() },
    });
    if (takenOver.count === 0) throw new Conflict("A request with this Idempotency-Key is still being processed: retry in a moment.");
    id = row.id;
  }
  let response: Response;
  try {
    response = await work();
  } catch (error) {
    await db()
      .idempotencyKey.delete({ where: { id } })
      .catch(() => {});
    throw error;
  }
  if (response.status >= 500) {
    await db()
      .idempotencyKey.delete({ where: { id } })
      .catch(() => {});
    return response;
  }
  const text = await response.text();
  await db().idempotencyKey.update({
    where: { id },
    data: { status: response.status, response: text, contentType: response.headers.get("content-type"), completedAt: new Date() },
  });
  return new Response(text, { status: response.status, headers: response.headers });
}

/** Forgets keys older than their lifetime (run by the server's background work). */
export async function pruneIdempotencyKeys(): Promise<number> {
  const { count } = await db().idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - KEY_LIFETIME_MS) } } });
  return count;
}
