// The only module that reads process.env. Everything is validated once; a bad value
// becomes one readable line (ConfigError), never a stack trace.
import os from "node:os";
import path from "node:path";
import ipaddr from "ipaddr.js";
import { z } from "zod";

export class ConfigError extends Error {
  override name = "ConfigError";
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const postgresUrl = optionalText.superRefine((value, ctx) => {
  if (value === undefined) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "is not a URL (expected postgresql://user:password@host:5432/database)" });
    return;
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    ctx.addIssue({ code: "custom", message: `must start with postgresql:// (got ${url.protocol}//)` });
  } else if (!url.hostname && !url.searchParams.get("host")) {
    ctx.addIssue({ code: "custom", message: "has no host (expected postgresql://user:password@host:5432/database)" });
  }
});

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : ["1", "true", "yes"].includes(value)));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: postgresUrl,
  SHIPROOM_DATA_DIR: optionalText,
  SHIPROOM_DEMO: flag,
  SHIPROOM_LOG_QUERIES: flag,
  SHIPROOM_ADMIN_EMAIL: optionalText,
  SHIPROOM_ADMIN_PASSWORD: optionalText,
  AUTH_SECRET: optionalText.refine((value) => value === undefined || value.length >= 32, {
    message: "must be at least 32 characters (generate one: openssl rand -base64 33)",
  }),
  AUTH_URL: optionalText.pipe(z.url().optional()),
  AUTH_GITHUB_ID: optionalText,
  AUTH_GITHUB_SECRET: optionalText,
  AUTH_GITLAB_ID: optionalText,
  AUTH_GITLAB_SECRET: optionalText,
  AUTH_GITLAB_URL: optionalText.pipe(z.url().optional()),
  AUTH_OIDC_ISSUER: optionalText.pipe(z.url().optional()),
  AUTH_OIDC_ID: optionalText,
  AUTH_OIDC_SECRET: optionalText,
  AUTH_OIDC_NAME: optionalText,
  SHIPROOM_WEBHOOK_RETRY_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  SHIPROOM_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  SHIPROOM_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SHIPROOM_OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  SHIPROOM_CLOCK_OFFSET_FILE: optionalText,
  SMTP_URL: optionalText.superRefine((value, ctx) => {
    if (value === undefined) return;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "is not a URL (expected smtp://user:password@host:587 or smtps://user:password@host:465)" });
      return;
    }
    if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
      ctx.addIssue({ code: "custom", message: `must start with smtp:// or smtps:// (got ${url.protocol}//)` });
    else if (!url.hostname) ctx.addIssue({ code: "custom", message: "has no host (expected smtp://user:password@host:587)" });
  }),
  SMTP_FROM: optionalText.refine((value) => value === undefined || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/.test(value), {
    message: 'is not an address (expected shiproom@example.com or "Shiproom <shiproom@example.com>")',
  }),
  SHIPROOM_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  SHIPROOM_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  SHIPROOM_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(7 * 24),
  SHIPROOM_PRIVATE_NETWORKS: optionalText.superRefine((value, ctx) => {
    for (const cidr of splitList(value)) {
      if (!ipaddr.isValidCIDR(cidr))
        ctx.addIssue({ code: "custom", message: `has "${cidr}", which is not a network (expected a CIDR such as 10.1.0.0/16 or ::1/128)` });
    }
  }),
  SHIPROOM_TRUSTED_PROXIES: optionalText.superRefine((value, ctx) => {
    for (const entry of splitList(value)) {
      if (!ipaddr.isValidCIDR(entry) && !ipaddr.isValid(entry))
        ctx.addIssue({ code: "custom", message: `has "${entry}", which is not an address or network (e.g. 10.0.0.2 or 10.0.0.0/24)` });
    }
  }),
  SHIPROOM_GIT_LOCAL_PATHS: optionalText.superRefine((value, ctx) => {
    for (const dir of splitList(value)) {
      if (!path.isAbsolute(dir)) ctx.addIssue({ code: "custom", message: `has "${dir}", which is not an absolute directory` });
    }
  }),
});

/** "a, b,,c" → ["a", "b", "c"] */
function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Loopback only: what the embedded demo may reach by default (its local receivers and repositories). */
const LOOPBACK = ["127.0.0.0/8", "::1/128"];

export type DatabaseTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export type OAuthProviderConfig = {
  id: "github" | "gitlab" | "oidc";
  name: string;
  clientId: string;
  clientSecret: string;
  issuer?: string;
};

export type Env = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  /** Server processes `npm start` runs on the one port (PostgreSQL only). */
  workers: number;
  database: DatabaseTarget;
  /** Folder of the embedded database and the demo's generated secret. */
  dataDir: string;
  /** Demo mode: the embedded database, demo accounts shown on the sign-in page. */
  isDemo: boolean;
  logQueries: boolean;
  authSecret: string | undefined;
  authUrl: string | undefined;
  oauthProviders: OAuthProviderConfig[];
  /** Creates the first admin on an empty (non-demo) database. */
  bootstrapAdmin: { email: string; password: string } | undefined;
  /** Where people and deployers reach this Shiproom (links in webhooks): AUTH_URL, else localhost. */
  publicUrl: string;
  webhooks: {
    /** The first retry waits this long; each later one twice as long as the one before. */
    retryBaseMs: number;
    maxAttempts: number;
    timeoutMs: number;
    /** How often each server looks for deliveries that are due. */
    pollMs: number;
  };
  /** Where notification emails go out (SMTP_URL and SMTP_FROM); undefined: no email is sent. */
  email: { smtpUrl: string; from: string } | undefined;
  /** Proxies (CIDR) whose X-Forwarded-For is believed: the client is the first address before them. */
  trustedProxies: string[];
  /** How long a sign-in lasts, at most (hours); signing out or a password change ends it sooner. */
  sessionHours: number;
  tickMs: number;
  /** What webhooks, deploy hooks and git deploy targets may reach (lib/egress). */
  egress: {
    /** Private, loopback or link-local networks (CIDR) that targets may still resolve to. */
    privateNetworks: string[];
    /** Directories under which a git deploy target may be a local repository. */
    gitLocalPaths: string[];
  };
};

type Source = Record<string, string | undefined>;

/** Parse and check the environment; throws ConfigError with one line naming the variable. */
export function parseEnv(source: Source = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join(".")} ${issue.message}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.SHIPROOM_DATA_DIR ?? ".data");
  const database: DatabaseTarget = e.DATABASE_URL
    ? { kind: "postgres", url: e.DATABASE_URL }
    : { kind: "pglite", dataDir: path.join(dataDir, "pglite") };

  const oauthProviders: OAuthProviderConfig[] = [];
  const pair = (name: string, id?: string, secret?: string) => {
    if (Boolean(id) !== Boolean(secret)) {
      throw new ConfigError(`AUTH_${name}_ID and AUTH_${name}_SECRET must be set together`);
    }
    return id !== undefined && secret !== undefined;
  };
  if (pair("GITHUB", e.AUTH_GITHUB_ID, e.AUTH_GITHUB_SECRET)) {
    oauthProviders.push({ id: "github", name: "GitHub", clientId: e.AUTH_GITHUB_ID!, clientSecret: e.AUTH_GITHUB_SECRET! });
  }
  if (pair("GITLAB", e.AUTH_GITLAB_ID, e.AUTH_GITLAB_SECRET)) {
    oauthProviders.push({
      id: "gitlab",
      name: "GitLab",
      clientId: e.AUTH_GITLAB_ID!,
      clientSecret: e.AUTH_GITLAB_SECRET!,
      issuer: e.AUTH_GITLAB_URL,
    });
  }
  if (pair("OIDC", e.AUTH_OIDC_ID, e.AUTH_OIDC_SECRET)) {
    if (!e.AUTH_OIDC_ISSUER) throw new ConfigError("AUTH_OIDC_ISSUER is required when AUTH_OIDC_ID is set");
    oauthProviders.push({
      id: "oidc",
      name: e.AUTH_OIDC_NAME ?? "Single sign-on",
      clientId: e.AUTH_OIDC_ID!,
      clientSecret: e.AUTH_OIDC_SECRET!,
      issuer: e.AUTH_OIDC_ISSUER,
    });
  }

  // The embedded database lives inside one process; PostgreSQL serves as many as there are cores.
  if (database.kind === "pglite" && e.SHIPROOM_WORKERS !== undefined && e.SHIPROOM_WORKERS > 1)
    throw new ConfigError("SHIPROOM_WORKERS must be 1 with the embedded database (it lives in one process): set DATABASE_URL to run more");
  if (Boolean(e.SMTP_URL) !== Boolean(e.SMTP_FROM))
    throw new ConfigError("SMTP_URL and SMTP_FROM must be set together (SMTP_FROM is the sender, e.g. Shiproom <shiproom@example.com>)");
  const workers = e.SHIPROOM_WORKERS ?? (database.kind === "pglite" ? 1 : os.availableParallelism());

  return {
    nodeEnv: e.NODE_ENV,
    workers,
    port: e.PORT,
    database,
    dataDir,
    isDemo: e.SHIPROOM_DEMO ?? database.kind === "pglite",
    logQueries: e.SHIPROOM_LOG_QUERIES ?? false,
    authSecret: e.AUTH_SECRET,
    authUrl: e.AUTH_URL,
    oauthProviders,
    bootstrapAdmin:
      e.SHIPROOM_ADMIN_EMAIL && e.SHIPROOM_ADMIN_PASSWORD
        ? { email: e.SHIPROOM_ADMIN_EMAIL, password: e.SHIPROOM_ADMIN_PASSWORD }
        : undefined,
    publicUrl: (e.AUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    webhooks: {
      retryBaseMs: e.SHIPROOM_WEBHOOK_RETRY_MS,
      maxAttempts: e.SHIPROOM_WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: e.SHIPROOM_WEBHOOK_TIMEOUT_MS,
      pollMs: e.SHIPROOM_OUTBOX_POLL_MS,
    },
    sessionHours: e.SHIPROOM_SESSION_HOURS,
    email: e.SMTP_URL && e.SMTP_FROM ? { smtpUrl: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    /** How often each server does its own work: waiting promotions re-checked, approvers reminded. */
    tickMs: e.SHIPROOM_TICK_MS,
    trustedProxies: splitList(e.SHIPROOM_TRUSTED_PROXIES).map((entry) =>
      entry.includes("/") ? entry : `${entry}/${ipaddr.parse(entry).kind() === "ipv4" ? 32 : 128}`,
    ),
    egress: {
      privateNetworks:
        e.SHIPROOM_PRIVATE_NETWORKS !== undefined ? splitList(e.SHIPROOM_PRIVATE_NETWORKS) : database.kind === "pglite" ? LOOPBACK : [],
      gitLocalPaths: splitList(e.SHIPROOM_GIT_LOCAL_PATHS).map((dir) => path.resolve(/*turbopackIgnore: true*/ dir)),
    },
  };
}

/**
 * Tests only: the file holding the milliseconds by which the server's clock runs ahead
 * (lib/clock.ts). Read on every call, not with the rest: a test points it at a file of its own
 * while the process runs. Its form is checked with the rest at start-up.
 */
export function clockOffsetFile(): string | undefined {
  return process.env.SHIPROOM_CLOCK_OFFSET_FILE?.trim() || undefined;
}

let cached: Env | undefined;

/** The process's configuration, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
