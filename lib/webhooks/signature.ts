// Signing of webhook and deploy-hook requests. The receiver checks
//   Shiproom-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// with the secret it was given, and refuses timestamps older than a few minutes (replays).
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "shiproom-signature";
export const EVENT_HEADER = "shiproom-event";
export const DELIVERY_HEADER = "shiproom-delivery";
const DEFAULT_TOLERANCE_S = 300;

export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export function signatureHeader(secret: string, body: string, now = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${sign(secret, t, body)}`;
}

export type Verification = { ok: true } | { ok: false; reason: string };

/** What a receiver does: parse the header, recompute, compare in constant time, check the age. */
export function verifySignature(
  secret: string,
  header: string | null,
  body: string,
  now = new Date(),
  toleranceS = DEFAULT_TOLERANCE_S,
): Verification {
  if (!header) return { ok: false, reason: "no signature header" };
  const parts = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const given = parts.get("v1");
  if (!Number.isInteger(t) || !given) return { ok: false, reason: "malformed signature header" };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceS) return { ok: false, reason: "timestamp outside the tolerance" };
  const expected = Buffer.from(sign(secret, t, body), "hex");
  const actual = Buffer.from(given, "hex");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: "signature mismatch" };
  return { ok: true };
}
