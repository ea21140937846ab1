import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { setupTestDatabase } from "@/lib/testing/db";
import { createLimits, LIMITS, signInDelayMs, type Limits } from "./limits";

const database = setupTestDatabase();
const pools: pg.Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

/** Limits over this engine's store: the shared table on PostgreSQL, memory on the embedded database (one process). */
function limitsHere(): Limits {
  if (database.engine === "pglite") return createLimits("memory");
  const pool = new pg.Pool({ connectionString: (database.target as { url: string }).url, max: 2 });
  pools.push(pool);
  return createLimits(pool);
}

let n = 0;
const address = () => `203.0.113.${++n}`;

describe("limits on guessing", () => {
  test("an address is counted by whose network it is: one IPv6 /64, and loopback by any of its addresses, are one client", async () => {
    const limits = limitsHere();
    const email = `v6-${++n}@example.test`;
    for (let i = 1; i <= 5; i++) await limits.signInFailed(email, `2001:db8:${n}:7::${i.toString(16)}`);
    expect(await limits.beforeSignIn(email, `2001:db8:${n}:7:ffff:ffff:ffff:ffff`)).toMatchObject({ refused: {} });
    expect(await limits.beforeSignIn(email, `[2001:0db8:${n}:0007::abcd]`)).toMatchObject({ refused: {} });
    expect(await limits.beforeSignIn(email, `2001:db8:${n}:8::1`)).not.toHaveProperty("refused");
    // The sign-in page reached at localhost (::1) and a script at 127.0.0.1 are the same machine.
    const local = `local-${++n}@example.test`;
    for (let i = 0; i < 5; i++) await limits.signInFailed(local, i % 2 ? "::1" : `127.0.0.${i + 1}`);
    for (const ip of ["::1", "127.0.0.1", "::ffff:127.0.0.1"]) expect(await limits.beforeSignIn(local, ip)).toMatchObject({ refused: {} });
    // Wrong tokens likewise.
    for (let i = 1; i <= LIMITS.tokenAddress.points; i++) await limits.tokenFailed(`2001:db8:${n}:9::${i.toString(16)}`);
    expect(await limits.beforeToken(`2001:db8:${n}:9::ffff`)).not.toBeNull();
  });

  test("five wrong passwords for one email from one address, then refused until the window ends; a success forgets them", async () => {
    const limits = limitsHere();
    const ip = address();
    for (let i = 0; i < 4; i++) await limits.signInFailed("dana@example.test", ip);
    expect(await limits.beforeSignIn("dana@example.test", ip)).toEqual({ delayMs: 0 });
    await limits.signInSucceeded("dana@example.test", ip);
    for (let i = 0; i < 5; i++) await limits.signInFailed("Dana@Example.test ", ip);
    const refused = await limits.beforeSignIn("dana@example.test", ip);
    expect(refused).toMatchObject({ refused: { retryAfterSeconds: expect.any(Number) } });
    const seconds = (refused as { refused: { retryAfterSeconds: number } }).refused.retryAfterSeconds;
    expect(seconds).toBeGreaterThan(LIMITS.signInPair.seconds - 60);
    expect(seconds).toBeLessThanOrEqual(LIMITS.signInPair.seconds);
    // The same email from elsewhere is not refused, only slowed (nine failures this hour); another email from here is not refused.
    expect(await limits.beforeSignIn("dana@example.test", address())).toEqual({ delayMs: 2_000 });
    expect(await limits.beforeSignIn("olive@example.test", ip)).toEqual({ delayMs: 0 });
  });

  test("an address trying many emails is refused after fifty failures", async () => {
    const limits = limitsHere();
    const ip = address();
    for (let i = 0; i < 49; i++) await limits.signInFailed(`user${i}@example.test`, ip);
    expect(await limits.beforeSignIn("someone@example.test", ip)).toEqual({ delayMs: 0 });
    await limits.signInFailed("user49@example.test", ip);
    expect(await limits.beforeSignIn("someone@example.test", ip)).toHaveProperty("refused");
  });

  test("an account attacked from many addresses is slowed, never locked out", async () => {
    const limits = limitsHere();
    for (let i = 0; i < 12; i++) await limits.signInFailed("victim@example.test", address());
    const gate = await limits.beforeSignIn("victim@example.test", address());
    expect(gate).toEqual({ delayMs: signInDelayMs(12) });
    expect(signInDelayMs(12)).toBe(8_000);
  });

  test("the delay grows with the account's failures and stays bounded", () => {
    expect([0, 5, 6, 7, 8, 10, 11, 100].map(signInDelayMs)).toEqual([0, 0, 250, 500, 1000, 4000, 8000, 8000]);
  });

  test("thirty wrong API tokens from one address, then refused", async () => {
    const limits = limitsHere();
    const ip = address();
    for (let i = 0; i < 29; i++) await limits.tokenFailed(ip);
    expect(await limits.beforeToken(ip)).toBeNull();
    await limits.tokenFailed(ip);
    expect(await limits.beforeToken(ip)).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(await limits.beforeToken(address())).toBeNull();
  });

  test("no email or address is stored in the counts", async () => {
    const limits = limitsHere();
    await limits.signInFailed("private.person@example.test", "198.51.100.7");
    if (database.engine === "postgres") {
      const rows = await database.prisma.$queryRaw<{ key: string }[]>`select key from "RateLimit"`;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.key).join(" ")).not.toMatch(/private\.person|198\.51\.100\.7/);
    } else {
      expect(await database.prisma.$queryRaw<{ n: bigint }[]>`select count(*) as n from "RateLimit"`).toEqual([{ n: 0n }]);
    }
  });
});
