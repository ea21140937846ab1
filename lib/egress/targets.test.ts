import { describe, expect, test } from "vitest";
import { isAllowedTarget, repositoryLocation, type RepositoryLocation } from "./targets";

describe("where a repository is", () => {
  test.each<[string, RepositoryLocation["kind"], string?]>([
    ["https://github.com/acme/environments.git", "remote", "github.com"],
    ["http://git.internal:8080/env.git", "remote", "git.internal"],
    ["ssh://git@gitlab.example.com:2222/acme/env.git", "remote", "gitlab.example.com"],
    ["git+ssh://git@example.com/env.git", "remote", "example.com"],
    ["git://example.com/env.git", "remote", "example.com"],
    ["git@github.com:acme/environments.git", "remote", "github.com"],
    ["deploy@[::1]:repo.git", "remote", "::1"],
    ["host.example:env.git", "remote", "host.example"],
    ["https://[fd00::1]/env.git", "remote", "fd00::1"],
    ["/srv/git/env.git", "local"],
    ["file:///srv/git/env.git", "local"],
    ["ext::sh -c touch% /tmp/pwned", "unsupported"],
    ["fd::17", "unsupported"],
    ["-uploadpack=touch /tmp/x", "unsupported"],
    ["--upload-pack=x", "unsupported"],
    ["./relative/env.git", "unsupported"],
    ["env.git", "unsupported"],
    ["ftp://example.com/env.git", "unsupported"],
    ["https://", "unsupported"],
    // A secret in the address would be shown to every reader of the project.
    ["https://deploybot:s3cretTOKEN@github.com/acme/app.git", "unsupported"],
    ["https://ghp_abcdef0123456789@github.com/acme/app.git", "unsupported"],
    ["http://oauth2:glpat-xyz@gitlab.example.com/acme/app.git", "unsupported"],
    ["ssh://git:hunter2@gitlab.example.com/acme/env.git", "unsupported"],
  ])("%s is %s", (repository, kind, host) => {
    const location = repositoryLocation(repository);
    expect(location.kind).toBe(kind);
    if (repository.includes("s3cret"))
      expect(location).toMatchObject({ reason: expect.stringMatching(/^leave the password or token out of the address/) });
    if (host) expect(location).toMatchObject({ host });
  });

  test("a local path is resolved, so .. cannot walk out of an allowed directory unseen", () => {
    expect(repositoryLocation("/srv/git/../../etc/env.git")).toEqual({ kind: "local", path: "/etc/env.git" });
    expect(repositoryLocation("file:///srv/git/%2e%2e/x.git")).toEqual({ kind: "local", path: "/srv/x.git" });
  });
});

describe("the deploy targets an admin allowed", () => {
  const allowed = [
    "https://deploy.example.com/hooks",
    "https://hooks.example.net/",
    "https://github.com/acme/environments.git",
    "git@github.com:acme/",
    "/srv/git/",
  ];
  test.each<[{ url: string } | { repository: string }, boolean]>([
    [{ url: "https://deploy.example.com/hooks" }, true],
    [{ url: "https://deploy.example.com/hooks/production" }, true],
    [{ url: "https://deploy.example.com/hooks?env=prod" }, true],
    [{ url: "https://DEPLOY.example.com/hooks/x" }, true],
    [{ url: "https://deploy.example.com:443/hooks/x" }, true],
    [{ url: "https://deploy.example.com/hooksmith" }, false],
    [{ url: "https://deploy.example.com/other" }, false],
    [{ url: "http://deploy.example.com/hooks" }, false],
    [{ url: "https://deploy.example.com.evil.net/hooks" }, false],
    [{ url: "https://deploy.example.com@evil.net/hooks" }, false],
    [{ url: "https://hooks.example.net/anything" }, true],
    [{ repository: "https://github.com/acme/environments.git" }, true],
    [{ repository: "https://github.com/acme/environments.git.evil" }, false],
    [{ repository: "https://github.com/acme/other.git" }, false],
    [{ repository: "git@github.com:acme/anything.git" }, true],
    [{ repository: "git@github.com:other/anything.git" }, false],
    [{ repository: "/srv/git/env.git" }, true],
    [{ repository: "/srv/gitx/env.git" }, false],
  ])("%o → %s", (target, expected) => {
    expect(isAllowedTarget(target, allowed)).toBe(expected);
  });
});
