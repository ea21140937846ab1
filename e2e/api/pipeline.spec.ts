import type { APIRequestContext } from "@playwright/test";
import { expect, newProject, newToken, test, tokenClient } from "../fixtures";

/** The default pipeline with production's gates stripped: what a hostile or careless pipeline might send. */
const stripped = (slug: string) => `version: 1
project: ${slug}
environments:
  - name: dev
    autoPromote: true
    requirePreviousSuccess: false
  - name: staging
  - name: production
    autoPromote: true
`;

type Promotion = { id: string; status: string; environment: { name: string } };
type Applied = {
  applied: boolean;
  pendingChange: {
    id: string;
    status: string;
    weakenings: { environment: string; gate: string }[];
    links: { review: string; api: string };
  } | null;
};

async function reportSucceeded(deployer: APIRequestContext, id: string) {
  expect((await deployer.post(`/api/v1/promotions/${id}/report`, { data: { status: "succeeded" } })).status()).toBe(200);
}

test.describe("only people open the gates", () => {
  test("a token's shiproom.yaml that strips production's gates waits for an admin; until then a token-driven release waits at production", async ({
    as,
    baseURL,
  }) => {
    const admin = await as("admin");
    const { slug } = await newProject(admin, "gate-");
    const pipeline = await tokenClient(baseURL!, await newToken(admin, slug, ["read", "pipeline:write"]));
    const ci = await tokenClient(
      baseURL!,
      await newToken(admin, slug, ["read", "releases:write", "promotions:request", "deployments:report"]),
    );

    const apply = await pipeline.post(`/api/v1/projects/${slug}/pipeline/apply?revision=strip-1`, {
      headers: { "content-type": "application/yaml" },
      data: stripped(slug),
    });
    expect(apply.status()).toBe(202);
    const answer = (await apply.json()) as Applied;
    expect(answer.applied).toBe(false);
    expect(answer.pendingChange!.weakenings.map((w) => `${w.environment} ${w.gate}`)).toEqual([
      "production approvals",
      "production signOff",
      "production autoPromote",
    ]);
    expect(apply.headers()["location"]).toBe(answer.pendingChange!.links.api);
    const environments = (await (await admin.get(`/api/v1/projects/${slug}/environments`)).json()) as {
      name: string;
      approvalRules: unknown[];
    }[];
    expect(environments.find((e) => e.name === "production")!.approvalRules).toHaveLength(1);

    // The rest of the attack: a token registers a release and drives it to production.
    expect((await ci.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.4.0", commitSha: "abc1234" } })).status()).toBe(201);
    const board = (await (await ci.get(`/api/v1/projects/${slug}/board`)).json()) as { columns: { inFlight: { id: string } | null }[] };
    await reportSucceeded(ci, board.columns[0]!.inFlight!.id);
    const toStaging = (await (
      await ci.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v1.4.0", environment: "staging" } })
    ).json()) as Promotion;
    await reportSucceeded(ci, toStaging.id);
    const toProduction = await ci.post(`/api/v1/projects/${slug}/promotions`, { data: { release: "v1.4.0", environment: "production" } });
    expect(toProduction.status()).toBe(201);
    const waiting = (await toProduction.json()) as Promotion;
    expect(waiting.status).toBe("AWAITING_GATES");

    // Tokens cannot decide the change, not even the one that sent it.
    expect(
      (await pipeline.post(`/api/v1/projects/${slug}/pipeline/changes/${answer.pendingChange!.id}/approve`, { data: {} })).status(),
    ).toBe(403);
    expect(
      (
        await (await as("ops")).post(`/api/v1/projects/${slug}/pipeline/changes/${answer.pendingChange!.id}/approve`, { data: {} })
      ).status(),
    ).toBe(403);

    // An admin reviews the plan as it stands now, and applies it: the waiting promotion is settled again.
    const detail = (await (await pipeline.get(`/api/v1/projects/${slug}/pipeline/changes/${answer.pendingChange!.id}`)).json()) as {
      plan: { planDigest: string; weakenings: unknown[] };
    };
    expect(detail.plan.weakenings).toHaveLength(3);
    const approve = await admin.post(`/api/v1/projects/${slug}/pipeline/changes/${answer.pendingChange!.id}/approve`, {
      data: { planDigest: detail.plan.planDigest, comment: "Continuous deployment, agreed with QA" },
    });
    expect(approve.status()).toBe(200);
    expect(((await approve.json()) as Applied).pendingChange!.status).toBe("APPLIED");
    const settled = (await (await ci.get(`/api/v1/promotions/${waiting.id}`)).json()) as Promotion;
    expect(settled.status).toBe("APPROVED");
    await Promise.all([pipeline.dispose(), ci.dispose()]);
  });

  test("a token's file that only tightens applies at once; a malformed decision is refused with the field", async ({ as, baseURL }) => {
    const admin = await as("admin");
    const { slug } = await newProject(admin, "gate-");
    const pipeline = await tokenClient(baseURL!, await newToken(admin, slug, ["read", "pipeline:write"]));
    const exported = await (await pipeline.get(`/api/v1/projects/${slug}/pipeline`)).text();
    const tighter = exported.replace("count: 1", "count: 2");
    expect(tighter).not.toBe(exported);
    const apply = await pipeline.post(`/api/v1/projects/${slug}/pipeline/apply`, {
      headers: { "content-type": "application/yaml" },
      data: tighter,
    });
    expect(apply.status()).toBe(200);
    expect(((await apply.json()) as Applied).applied).toBe(true);

    const proposed = (await (
      await pipeline.post(`/api/v1/projects/${slug}/pipeline/apply`, {
        headers: { "content-type": "application/yaml" },
        data: stripped(slug),
      })
    ).json()) as Applied;
    const reject = await admin.post(`/api/v1/projects/${slug}/pipeline/changes/${proposed.pendingChange!.id}/reject`, {
      data: { reason: "" },
    });
    expect(reject.status()).toBe(422);
    expect(((await reject.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("reason");
    const missing = await admin.get(`/api/v1/projects/${slug}/pipeline/changes/00000000-0000-7000-8000-000000000000`);
    expect(missing.status()).toBe(404);
    await pipeline.dispose();
  });
});

test("a token's deploy target must be one an admin allowed; no one sets a private address", async ({ as, baseURL }) => {
  const admin = await as("admin");
  const { slug } = await newProject(admin, "tgt-");
  const pipeline = await tokenClient(baseURL!, await newToken(admin, slug, ["read", "pipeline:write"]));
  const exported = await (await pipeline.get(`/api/v1/projects/${slug}/pipeline`)).text();
  const pointing = (url: string) =>
    exported.replace("  - name: production\n", `  - name: production\n    deploy: { target: webhook, url: "${url}" }\n`);
  const send = (api: typeof pipeline, text: string) =>
    api.post(`/api/v1/projects/${slug}/pipeline/apply`, { headers: { "content-type": "application/yaml" }, data: text });

  const refused = await send(pipeline, pointing("https://deploy.example.com/hooks/prod"));
  expect(refused.status()).toBe(422);
  const problem = (await refused.json()) as { errors: { field: string; message: string }[] };
  expect(problem.errors[0]!.field).toMatch(/^environments\[\d\]\.deploy\.url$/);
  expect(problem.errors[0]!.message).toMatch(
    /^line \d+, column \d+: https:\/\/deploy\.example\.com\/hooks\/prod is not among the deploy targets/,
  );

  expect(
    (await pipeline.put(`/api/v1/projects/${slug}/deploy-targets`, { data: { allowed: ["https://deploy.example.com/hooks"] } })).status(),
  ).toBe(403);
  const allow = await admin.put(`/api/v1/projects/${slug}/deploy-targets`, { data: { allowed: ["https://deploy.example.com/hooks"] } });
  expect(allow.status()).toBe(200);
  expect((await send(pipeline, pointing("https://deploy.example.com/hooks/prod"))).status()).toBe(202);

  const metadata = await send(admin, pointing("http://169.254.169.254/latest/meta-data/"));
  expect(metadata.status()).toBe(422);
  expect(((await metadata.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain(
    "169.254.169.254 is a link-local address",
  );
  await pipeline.dispose();
});
