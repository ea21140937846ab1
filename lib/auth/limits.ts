// Limits on guessing: failed sign-ins and wrong API tokens, counted with rate-limiter-flexible —
// in PostgreSQL when there is one (every server process shares the counts), in memory on the
// embedded database (which lives in one process).
//
// Failed sign-ins are refused for a while (429 with Retry-After) per email-and-address and per
// address. Per account they only slow down: a lock-out per account would let anyone lock a
// victim out by failing on purpose. Nothing here depends on whether the email belongs to a member.
import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { limitKeyOf } from "./origin";
import { plural } from "../format/plural";

export type LimitRule = { points: number; seconds: number };

/** Failures allowed in a window, then refused until the window ends. */
export const LIMITS = {
  /** One email from one address: a person mistyping, not a script. */
  signInPair: { points: 5, seconds: 15 * 60 },
  /** One address, any emails: password spraying. */
  signInAddress: { points: 50, seconds: 60 * 60 },
  /** One account from anywhere: never refused, only slowed (see signInDelayMs). */
  signInAccount: { points: 1_000_000, seconds: 60 * 60 },
  /** Wrong API tokens from one address. */
  tokenAddress: { points: 30, seconds: 10 * 60 },
} satisfies Record<string, LimitRule>;

/** The wait before checking a password for an account that failed `failures` times this hour: none for 5, then doubling from 0.25 s to 8 s. */
export function signInDelayMs(failures: number): number {
  return failures <= 5 ? 0 : Math.min(250 * 2 ** (failures - 6), 8_000);
}

export type Refusal = { retryAfterSeconds: number };
export type Limits = ReturnType<typeof createLimits>;

const key = (...parts: string[]) => createHash("sha256").update(parts.join("\n")).digest("hex");

/** The limiters over a store (a pg pool, or memory); separate so tests can give small rules. */
export function createLimits(store: pg.Pool | "memory", rules: typeof LIMITS = LIMITS) {
  const limiter = (prefix: string, rule: LimitRule): RateLimiterAbstract =>
    store === "memory"
      ? new RateLimiterMemory({ keyPrefix: prefix, points: rule.points, duration: rule.seconds })
      : new RateLimiterPostgres({
          storeClient: store,
          storeType: "pool",
          tableName: "RateLimit",
          tableCreated: true,
          clearExpiredByTimeout: true,
          keyPrefix: prefix,
          points: rule.points,
          duration: rule.seconds,
        });
  const pair = limiter("signin-pair", rules.signInPair);
  const address = limiter("signin-address", rules.signInAddress);
  const account = limiter("signin-account", rules.signInAccount);
  const tokens = limiter("token-address", rules.tokenAddress);

  /** Refused while `limiter` has counted `points` failures for the key in its window. */
  async function refusal(of: RateLimiterAbstract, rule: LimitRule, k: string): Promise<Refusal | null> {
    const res = await of.get(k);
    return res && res.consumedPoints >= rule.points ? { retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) } : null;
  }
  const count = (of: RateLimiterAbstract, k: string) =>
    of.consume(k).catch((error: unknown) => {
      // Over the limit already: the count is what matters, not the rejection.
      if (!(error instanceof RateLimiterRes)) throw error;
    });
  const emailKey = (email: string) => key(email.trim().toLowerCase());
  // Addresses are counted by whose network they are (an IPv6 /64, loopback as one): see limitKeyOf.
  const from = (ip: string) => limitKeyOf(ip);

  return {
    /** Before checking a password: refused (with how long), or how long to wait first. */
    async beforeSignIn(email: string, ip: string): Promise<{ refused: Refusal } | { delayMs: number }> {
      const refused =
        (await refusal(pair, rules.signInPair, key(emailKey(email), from(ip)))) ??
        (await refusal(address, rules.signInAddress, key(from(ip))));
      if (refused) return { refused };
      const res = await account.get(emailKey(email));
      return { delayMs: signInDelayMs(res?.consumedPoints ?? 0) };
    },
    async signInFailed(email: string, ip: string): Promise<void> {
      await Promise.all([count(pair, key(emailKey(email), from(ip))), count(address, key(from(ip))), count(account, emailKey(email))]);
    },
    /** A success forgets this email's failures from this address (not the address's or the account's). */
    async signInSucceeded(email: string, ip: string): Promise<void> {
      await pair.delete(key(emailKey(email), from(ip)));
    },
    async beforeToken(ip: string): Promise<Refusal | null> {
      return refusal(tokens, rules.tokenAddress, key(from(ip)));
    },
    async tokenFailed(ip: string): Promise<void> {
      await count(tokens, key(from(ip)));
    },
  };
}

const store = globalThis as typeof globalThis & { __shiproomLimits?: Limits };

/** This process's limits, over the configured database. */
function limits(): Limits {
  if (!store.__shiproomLimits) {
    const database = env().database;
    store.__shiproomLimits = createLimits(
      database.kind === "postgres" ? new pg.Pool({ connectionString: database.url, max: 2, connectionTimeoutMillis: 30_000 }) : "memory",
    );
  }
  return store.__shiproomLimits;
}

/** The address a limit counts by when a request's is unknown (no socket address: tests, scripts). */
export const UNKNOWN_ADDRESS = "unknown";

function report(error: unknown) {
  console.error(`[limits] counting failed, allowing the request: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Runs a sign-in attempt under the limits: refused while the email-and-address or the address is
 * over its limit, else run (after the account's delay) and counted. If the counts cannot be
 * reached the attempt runs uncounted: the limits must not take sign-in down with them.
 */
export async function limitSignIn<T>(
  email: string,
  ip: string,
  attempt: () => Promise<{ ok: boolean; result: T }>,
): Promise<{ refused: Refusal } | { result: T }> {
  const gate = await limits()
    .beforeSignIn(email, ip)
    .catch((error: unknown) => (report(error), { delayMs: 0 }));
  if ("refused" in gate) return gate;
  if (gate.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, gate.delayMs));
  const { ok, result } = await attempt();
  await (ok ? limits().signInSucceeded(email, ip) : limits().signInFailed(email, ip)).catch(report);
  return { result };
}

/** Whether a token may be tried from this address now (null), or how long it must wait. */
export async function tokenRefusal(ip: string): Promise<Refusal | null> {
  return limits()
    .beforeToken(ip)
    .catch((error: unknown) => (report(error), null));
}

export async function tokenFailed(ip: string): Promise<void> {
  await limits().tokenFailed(ip).catch(report);
}

const minutes = (seconds: number) => {
  const m = Math.ceil(seconds / 60);
  return `${plural(m, "minute")}`;
};

/** The same words whoever the email belongs to, or nobody. */
export function tooManySignIns(retryAfterSeconds: number): string {
  return `Too many failed sign-ins from here: try again in ${minutes(retryAfterSeconds)}.`;
}

export function tooManyTokens(retryAfterSeconds: number): string {
  return `Too many wrong API tokens from here: try again in ${minutes(retryAfterSeconds)}.`;
}
