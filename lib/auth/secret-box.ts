// Secrets Shiproom must be able to use again (webhook signing keys), encrypted at rest with
// AES-256-GCM under a key derived from AUTH_SECRET. Secrets it only has to recognise (API
// tokens) are hashed instead (lib/tokens). Changing AUTH_SECRET makes sealed secrets unreadable:
// rotate the webhook secrets after it.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { ConfigError, env } from "@/lib/env";

const VERSION = "v1";

function key(secret = env().authSecret): Buffer {
  if (!secret) throw new ConfigError("AUTH_SECRET is needed to keep webhook secrets");
  return Buffer.from(hkdfSync("sha256", secret, "shiproom", "webhook secrets v1", 32));
}

export function seal(plain: string, secret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function unseal(sealed: string, secret?: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key(secret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** A new random secret with a recognisable prefix (whsec_…, shr_…). */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}
