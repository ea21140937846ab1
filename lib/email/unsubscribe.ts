// One-click unsubscribe links (RFC 8058): the token names a member and a notification kind (or
// "digest") and carries an HMAC of both under a key derived from AUTH_SECRET, so it works signed
// out, and cannot be made for, or turned to, another member or kind.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { ConfigError, env } from "@/lib/env";

function key(secret = env().authSecret): Buffer {
  if (!secret) throw new ConfigError("AUTH_SECRET is needed to sign unsubscribe links");
  return Buffer.from(hkdfSync("sha256", secret, "shiproom", "unsubscribe links v1", 32));
}

function mac(payload: string, secret?: string): Buffer {
  return createHmac("sha256", key(secret)).update(payload).digest();
}

export function unsubscribeToken(memberId: string, kind: string, secret?: string): string {
  const payload = `${memberId} ${kind}`;
  return `${Buffer.from(payload).toString("base64url")}.${mac(payload, secret).toString("base64url")}`;
}

/** The member and kind a token names, or null when it was not made by this server. */
export function readUnsubscribeToken(token: string, secret?: string): { memberId: string; kind: string } | null {
  const [encoded, signature, ...rest] = token.split(".");
  if (!encoded || !signature || rest.length > 0) return null;
  const payload = Buffer.from(encoded, "base64url").toString("utf8");
  const given = Buffer.from(signature, "base64url");
  const wanted = mac(payload, secret);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return null;
  const [memberId, kind, ...more] = payload.split(" ");
  return memberId && kind && more.length === 0 ? { memberId, kind } : null;
}
