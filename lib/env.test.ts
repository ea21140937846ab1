import os from "node:os";
import { describe, expect, test } from "vitest";
import { ConfigError, parseEnv } from "./env";

function problem(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  test("with nothing set, Shiproom runs the embedded demo on port 3000", () => {
    const env = parseEnv({});
    expect(env.database.kind).toBe("pglite");
    expect(env.isDemo).toBe(true);
    expect(env.port).toBe(3000);
    expect(env.oauthProviders).toEqual([]);
  });

  test("DATABASE_URL switches to PostgreSQL and leaves demo mode", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://app:secret@db.internal:5432/shiproom", PORT: "8080" });
    expect(env.database).toEqual({ kind: "postgres", url: "postgresql://app:secret@db.internal:5432/shiproom" });
    expect(env.isDemo).toBe(false);
    expect(env.port).toBe(8080);
  });

  test.each([
    ["not a url", "DATABASE_URL is not a URL"],
    ["mysql://root@localhost/app", "DATABASE_URL must start with postgresql:// (got mysql://)"],
    ["postgresql://", "DATABASE_URL has no host"],
  ])("a malformed DATABASE_URL (%s) is named in one line", (url, expected) => {
    const message = problem({ DATABASE_URL: url });
    expect(message).toContain(expected);
    expect(message).not.toContain("\n");
  });

  test("the embedded database runs one server process; PostgreSQL one per core unless told", () => {
    expect(parseEnv({}).workers).toBe(1);
    expect(parseEnv({ SHIPROOM_WORKERS: "1" }).workers).toBe(1);
    expect(problem({ SHIPROOM_WORKERS: "2" })).toMatch(/^SHIPROOM_WORKERS must be 1 with the embedded database/);
    const url = "postgresql://app@db/shiproom";
    expect(parseEnv({ DATABASE_URL: url }).workers).toBe(os.availableParallelism());
    expect(parseEnv({ DATABASE_URL: url, SHIPROOM_WORKERS: "3" }).workers).toBe(3);
    expect(problem({ DATABASE_URL: url, SHIPROOM_WORKERS: "0" })).toMatch(/^SHIPROOM_WORKERS /);
  });

  test("outgoing requests reach loopback only in the embedded demo, unless networks are named; local repositories only where named", () => {
    expect(parseEnv({}).egress).toEqual({ privateNetworks: ["127.0.0.0/8", "::1/128"], gitLocalPaths: [] });
    const url = "postgresql://app@db/shiproom";
    expect(parseEnv({ DATABASE_URL: url }).egress.privateNetworks).toEqual([]);
    expect(parseEnv({ DATABASE_URL: url, SHIPROOM_PRIVATE_NETWORKS: "10.1.0.0/16, fd00::/8" }).egress.privateNetworks).toEqual([
      "10.1.0.0/16",
      "fd00::/8",
    ]);
    expect(parseEnv({ SHIPROOM_PRIVATE_NETWORKS: "" }).egress.privateNetworks).toEqual(["127.0.0.0/8", "::1/128"]);
    expect(problem({ SHIPROOM_PRIVATE_NETWORKS: "10.1.0.0/16,intranet" })).toMatch(
      /^SHIPROOM_PRIVATE_NETWORKS has "intranet", which is not a network/,
    );
    expect(parseEnv({ SHIPROOM_GIT_LOCAL_PATHS: "/srv/git,/tmp/../opt/repos" }).egress.gitLocalPaths).toEqual(["/srv/git", "/opt/repos"]);
    expect(problem({ SHIPROOM_GIT_LOCAL_PATHS: "repos" })).toMatch(
      /^SHIPROOM_GIT_LOCAL_PATHS has "repos", which is not an absolute directory/,
    );
  });

  test("a sign-in lasts seven days unless configured, between an hour and 90 days", () => {
    expect(parseEnv({}).sessionHours).toBe(168);
    expect(parseEnv({ SHIPROOM_SESSION_HOURS: "12" }).sessionHours).toBe(12);
    expect(problem({ SHIPROOM_SESSION_HOURS: "0" })).toMatch(/^SHIPROOM_SESSION_HOURS /);
    expect(problem({ SHIPROOM_SESSION_HOURS: "a week" })).toMatch(/^SHIPROOM_SESSION_HOURS /);
  });

  test("email goes out when SMTP_URL and SMTP_FROM are set together, and a wrong one is named", () => {
    expect(parseEnv({}).email).toBeUndefined();
    expect(parseEnv({ SMTP_URL: "smtps://u:p@mail.example.com:465", SMTP_FROM: "Shiproom <ship@example.com>" }).email).toEqual({
      smtpUrl: "smtps://u:p@mail.example.com:465",
      from: "Shiproom <ship@example.com>",
    });
    expect(problem({ SMTP_URL: "http://mail.example.com", SMTP_FROM: "ship@example.com" })).toMatch(/^SMTP_URL must start with smtp:\/\//);
    expect(problem({ SMTP_URL: "mail.example.com", SMTP_FROM: "ship@example.com" })).toMatch(/^SMTP_URL is not a URL/);
    expect(problem({ SMTP_URL: "smtp://mail.example.com", SMTP_FROM: "shiproom" })).toMatch(/^SMTP_FROM is not an address/);
    expect(problem({ SMTP_URL: "smtp://mail.example.com" })).toMatch(/^SMTP_URL and SMTP_FROM must be set together/);
  });

  test("a short AUTH_SECRET is refused with how to make a good one", () => {
    expect(problem({ AUTH_SECRET: "short" })).toMatch(/AUTH_SECRET must be at least 32 characters/);
  });

  test("an invalid PORT is refused", () => {
    expect(problem({ PORT: "99999" })).toMatch(/^PORT /);
  });

  test("identity providers switch on when their variables are set", () => {
    const env = parseEnv({
      AUTH_GITHUB_ID: "gh",
      AUTH_GITHUB_SECRET: "gh-secret",
      AUTH_OIDC_ID: "oidc",
      AUTH_OIDC_SECRET: "oidc-secret",
      AUTH_OIDC_ISSUER: "https://sso.example.com",
      AUTH_OIDC_NAME: "Example SSO",
    });
    expect(env.oauthProviders.map((p) => [p.id, p.name])).toEqual([
      ["github", "GitHub"],
      ["oidc", "Example SSO"],
    ]);
  });

  test("half a provider configuration is an error, not a silent skip", () => {
    expect(problem({ AUTH_GITLAB_ID: "gl" })).toBe("AUTH_GITLAB_ID and AUTH_GITLAB_SECRET must be set together");
    expect(problem({ AUTH_OIDC_ID: "a", AUTH_OIDC_SECRET: "b" })).toMatch(/AUTH_OIDC_ISSUER is required/);
  });
});
