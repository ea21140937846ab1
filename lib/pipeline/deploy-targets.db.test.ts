import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { authenticateToken } from "@/lib/auth/token";
import { db } from "@/lib/db/client";
import { updateEnvironmentPolicy } from "@/lib/environments/mutations";
import { listEnvironmentPolicies } from "@/lib/environments/queries";
import { Forbidden, ValidationFailed } from "@/lib/http/errors";
import { setAllowedDeployTargets } from "@/lib/projects/mutations";
import { listAllowedDeployTargets } from "@/lib/projects/queries";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { policyInput } from "@/lib/testing/policies";
import { createToken } from "@/lib/tokens/mutations";
import { createWebhook } from "@/lib/webhooks/mutations";
import { applyPipeline, InvalidPipeline } from "./mutations";
import { livePipeline } from "./queries";

setupTestDatabase();

async function setup() {
  const admin = await makeActor(["ADMIN"]);
  const { slug, projectId } = await makePipeline();
  const made = await createToken(admin, slug, { name: "CI", scopes: ["read", "pipeline:write"] });
  const token = (await authenticateToken(made.secret, {}))!;
  return { admin, slug, projectId, token };
}

/** The default pipeline (production: 1 from ops) deploying to production as given (line 9 holds the deploy target). */
const withDeploy = (slug: string, deploy: string) => `version: 1
project: ${slug}
environments:
  - name: dev
    autoPromote: true
    requirePreviousSuccess: false
  - name: staging
  - name: production
    deploy: ${deploy}
    approvals: [{ role: ops, count: 1 }]
`;

describe("deploy targets are an admin's choice", () => {
  test("a token may only point a deploy target where an admin allowed it, and then it still waits for an admin", async () => {
    const { admin, slug, token } = await setup();
    const hook = "{ target: webhook, url: https://deploy.example.com/hooks/production }";
    const refused = await applyPipeline(token, slug, withDeploy(slug, hook)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidPipeline);
    expect((refused as InvalidPipeline).fieldErrors).toEqual([
      {
        field: "environments[2].deploy.url",
        message:
          "line 9, column 37: https://deploy.example.com/hooks/production is not among the deploy targets an admin allowed for this project's pipelines (Settings → Deploy targets)",
      },
    ]);

    await expect(setAllowedDeployTargets(token, slug, { allowed: ["https://deploy.example.com/hooks"] })).rejects.toBeInstanceOf(Forbidden);
    await expect(setAllowedDeployTargets(await makeActor(["OPS"]), slug, { allowed: [] })).rejects.toBeInstanceOf(Forbidden);
    await setAllowedDeployTargets(admin, slug, { allowed: ["https://deploy.example.com/hooks", "https://deploy.example.com/hooks"] });
    expect(await listAllowedDeployTargets(admin, slug)).toEqual({ allowed: ["https://deploy.example.com/hooks"] });

    const proposed = await applyPipeline(token, slug, withDeploy(slug, hook));
    expect(proposed.pendingChange!.weakenings.map((w) => w.gate)).toEqual(["deploy"]);
    expect((await livePipeline(slug)).environments[2]!.deployTarget).toBe("MANUAL");
  });

  test("nobody sets a target this server must not reach: private addresses, local paths outside the allowed ones, command transports", async () => {
    const { admin, slug } = await setup();
    const cases: [string, string, RegExp][] = [
      [
        "{ target: webhook, url: http://169.254.169.254/latest }",
        "environments[2].deploy.url",
        /169\.254\.169\.254 is a link-local address/,
      ],
      ["{ target: webhook, url: http://10.0.0.7/hook }", "environments[2].deploy.url", /10\.0\.0\.7 is a private-network address/],
      ["{ target: git, repository: /etc/environments.git }", "environments[2].deploy.repository", /local repositories must be under/],
      ['{ target: git, repository: "ext::sh -c id" }', "environments[2].deploy.repository", /git transports such as ext:: are not allowed/],
    ];
    for (const [deploy, field, message] of cases) {
      const refused = await applyPipeline(admin, slug, withDeploy(slug, deploy)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InvalidPipeline);
      const [problem] = (refused as InvalidPipeline).fieldErrors;
      expect(problem!.field).toBe(field);
      expect(problem!.message).toMatch(/^line 9, column \d+: not usable from Shiproom: /);
      expect(problem!.message).toMatch(message);
    }
    // Loopback and the temporary folder are allowed by this test configuration.
    const local = path.join(os.tmpdir(), "environments.git");
    expect((await applyPipeline(admin, slug, withDeploy(slug, `{ target: git, repository: ${local} }`))).applied).toBe(true);
  });

  test("the policy editor and event webhooks refuse the same targets, next to their field", async () => {
    const { admin, slug } = await setup();
    const production = (await listEnvironmentPolicies(slug)).find((p) => p.name === "production")!;
    const viaPolicy = await updateEnvironmentPolicy(
      admin,
      slug,
      production.id,
      policyInput(production.version, { deployTarget: "WEBHOOK", deployHookUrl: "http://[::ffff:a9fe:a9fe]/hook" }),
    ).catch((e: unknown) => e);
    expect(viaPolicy).toBeInstanceOf(ValidationFailed);
    expect((viaPolicy as ValidationFailed).fieldErrors[0]).toMatchObject({
      field: "deployHookUrl",
      message: expect.stringMatching(/^Not reachable from Shiproom: ::ffff:a9fe:a9fe is a link-local address/),
    });
    const viaGit = await updateEnvironmentPolicy(
      admin,
      slug,
      production.id,
      policyInput(production.version, { deployTarget: "GIT", deployGit: { repository: "-uploadpack=id", branch: "main", path: "x.yaml" } }),
    ).catch((e: unknown) => e);
    expect((viaGit as ValidationFailed).fieldErrors[0]).toMatchObject({ field: "deployGit.repository" });

    const viaWebhook = await createWebhook(admin, slug, {
      name: "Chat",
      url: "http://192.168.1.20/chat",
      events: ["release.created"],
    }).catch((e: unknown) => e);
    expect((viaWebhook as ValidationFailed).fieldErrors[0]).toMatchObject({
      field: "url",
      message: expect.stringMatching(/192\.168\.1\.20 is a private-network address/),
    });
    expect(await db().webhook.count({ where: { project: { slug } } })).toBe(0);
  });

  test("the allow-list takes URL prefixes and repositories, and says which line is wrong", async () => {
    const { admin, slug, projectId } = await setup();
    const refused = await setAllowedDeployTargets(admin, slug, { allowed: ["https://ok.example.com/", "ftp://files.example.com/x"] }).catch(
      (e: unknown) => e,
    );
    expect((refused as ValidationFailed).fieldErrors).toEqual([
      { field: "allowed.1", message: "Not a URL prefix or a repository: use https://, ssh:// or git:// (not ftp://)" },
    ]);
    await setAllowedDeployTargets(admin, slug, { allowed: ["git@github.com:acme/", "https://hooks.example.com/"] });
    const event = await db().auditEvent.findFirstOrThrow({ where: { projectId, action: "project.deploy_targets_allowed" } });
    expect(event.after).toEqual({ allowed: ["git@github.com:acme/", "https://hooks.example.com/"] });
  });
});
