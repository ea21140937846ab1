// AUTH_SECRET signs session cookies. In production it must be given; the embedded demo
// makes one on first start and keeps it in its data folder, so sessions survive restarts.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, type Env } from "@/lib/env";

export function resolveAuthSecret(e: Env): string {
  if (e.authSecret) return e.authSecret;
  if (!e.isDemo) {
    throw new ConfigError(
      "AUTH_SECRET is required outside the embedded demo: set it to a random string of 32+ characters (openssl rand -base64 33)",
    );
  }
  const file = path.join(e.dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(e.dataDir, { recursive: true });
    const secret = randomBytes(33).toString("base64url");
    try {
      fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim(); // another process made it first
    }
  }
}
