import { request, type APIRequestContext } from "@playwright/test";
import { expect, newProject, newToken, test, unique } from "../fixtures";

/** One password sign-in over HTTP, as a client at `ip` (the test server trusts loopback as a proxy). */
async function attempt(api: APIRequestContext, email: string, password: string, ip: string) {
  const headers = { "x-forwarded-for": ip };
  const { csrfToken } = (await (await api.get("/api/auth/csrf", { headers })).json()) as { csrfToken: string };
  return api.post("/api/auth/callback/credentials", { headers, form: { csrfToken, email, password, callbackUrl: "/" }, maxRedirects: 0 });
}
const failedQuietly = (status: number, location: string) => status === 302 && location.includes("error=");
const ipFor = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

test.describe("limits on guessing", () => {
  test("wrong passwords for one email from one address are refused with 429 after five; elsewhere the account still signs in", async ({
    as,
    baseURL,
  }) => {
    const admin = await as("admin");
    const email = `${unique("guess-")}@example.test`;
    await admin.post("/api/v1/members", { data: { name: "Target", email, roles: ["DEVELOPER"], password: "right password" } });
    const attacker = await request.newContext({ baseURL });
    const here = ipFor();
    for (let i = 0; i < 5; i++) {
      const response = await attempt(attacker, email, `wrong ${i}`, here);
      expect(failedQuietly(response.status(), response.headers().location ?? "")).toBe(true);
    }
    const refused = await attempt(attacker, email, "wrong again", here);
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(60);
    const problem = (await refused.json()) as { title: string; detail: string };
    expect(problem.detail).toMatch(/^Too many failed sign-ins from here: try again in \d+ minutes\.$/);
    // Even the right password is refused from here: the limit is not an oracle.
    expect((await attempt(attacker, email, "right password", here)).status()).toBe(429);

    // An unknown email is answered exactly alike.
    const nobody = `${unique("nobody-")}@example.test`;
    for (let i = 0; i < 5; i++) await attempt(attacker, nobody, "wrong", here);
    const unknown = await attempt(attacker, nobody, "wrong", here);
    expect(unknown.status()).toBe(429);
    expect(((await unknown.json()) as { detail: string }).detail).toBe(problem.detail);

    // The owner, elsewhere, is not locked out.
    const owner = await request.newContext({ baseURL });
    const signedIn = await attempt(owner, email, "right password", ipFor().replace("198.51", "192.0"));
    expect(signedIn.status()).toBe(302);
    expect(signedIn.headers().location).not.toContain("error=");
    await Promise.all([attacker.dispose(), owner.dispose()]);
  });

  test("wrong API tokens from one address get 401, then 429 with Retry-After; a good token from there still works", async ({
    as,
    baseURL,
  }) => {
    const admin = await as("admin");
    const { slug } = await newProject(admin, "lim-");
    const secret = await newToken(admin, slug, ["read"]);
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const guesser = await request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": ip } });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await guesser.get("/api/v1/projects", {
        headers: { authorization: `Bearer shr_${unique("guess")}${"x".repeat(30)}` },
      });
      statuses.push(response.status());
    }
    expect(statuses.slice(0, 29).every((s) => s === 401)).toBe(true);
    expect(statuses[29]).toBe(429);
    const refused = await guesser.get(`/api/v1/projects/${slug}/board`, { headers: { authorization: "Bearer shr_wrong" } });
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/^Too many wrong API tokens from here/);
    expect((await guesser.get(`/api/v1/projects/${slug}/board`, { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(200);
    await guesser.dispose();
  });
});
