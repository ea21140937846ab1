import { policyInput } from "@/lib/testing/policies";
import { expect, newProject, test } from "../fixtures";

type Promotion = {
  id: string;
  number: number;
  status: string;
  gates: { gates: { kind: string; status: string; summary: string; waitingOn?: string }[] } | null;
  actions: Record<string, { allowed: boolean; reason?: string }>;
};

test.describe("releases and promotions over HTTP", () => {
  test("signed out: 401 on the board and on promotions", async ({ anonymous }) => {
    expect((await anonymous.get("/api/v1/projects/checkout-service/board")).status()).toBe(401);
    expect((await anonymous.post("/api/v1/projects/checkout-service/promotions", { data: {} })).status()).toBe(401);
    expect((await anonymous.get("/api/v1/inbox")).status()).toBe(401);
  });

  test("a release is registered once; bad fields are named; the board shows it in dev", async ({ as }) => {
    const admin = await as("admin");
    const dev = await as("dev");
    const project = await newProject(admin);
    const created = await dev.post(`/api/v1/projects/${project.slug}/releases`, { data: { version: "v2.0.0", commitSha: "ABCDEF1234" } });
    expect(created.status()).toBe(201);
    expect(await created.json()).toMatchObject({
      version: "v2.0.0",
      commitSha: "abcdef1234",
      environments: [{ name: "dev", status: "APPROVED" }, { status: null }, { status: null }],
    });

    const again = await dev.post(`/api/v1/projects/${project.slug}/releases`, { data: { version: "v2.0.0", commitSha: "abcdef1234" } });
    expect(again.status()).toBe(409);
    expect(await again.json()).toMatchObject({ errors: [{ field: "version", message: "This version already exists" }] });

    const bad = await dev.post(`/api/v1/projects/${project.slug}/releases`, { data: { version: "v 2", commitSha: "not-a-sha" } });
    expect(bad.status()).toBe(422);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(["commitSha", "version"]);

    const qa = await as("qa");
    expect((await qa.post(`/api/v1/projects/${project.slug}/releases`, { data: { version: "v3", commitSha: "abcdef1" } })).status()).toBe(
      403,
    );

    const board = (await (await dev.get(`/api/v1/projects/${project.slug}/board`)).json()) as {
      columns: { inFlight: { release: { version: string } } | null }[];
    };
    expect(board.columns[0]!.inFlight?.release.version).toBe("v2.0.0");
  });

  test("refusals say why: 403 for who, 409 for when, 404 for what", async ({ as }) => {
    const admin = await as("admin");
    const dev = await as("dev");
    const ops = await as("ops");
    const project = await newProject(admin);
    await dev.post(`/api/v1/projects/${project.slug}/releases`, { data: { version: "v1", commitSha: "abcdef1" } });
    const board = (await (await dev.get(`/api/v1/projects/${project.slug}/board`)).json()) as {
      columns: { inFlight: { id: string } | null }[];
    };
    const inDev = board.columns[0]!.inFlight!.id;

    const devReport = await dev.post(`/api/v1/promotions/${inDev}/report`, { data: { status: "succeeded" } });
    expect(devReport.status()).toBe(403);
    expect(await devReport.json()).toMatchObject({ detail: "Only ops report how a deployment went." });

    expect((await ops.post(`/api/v1/promotions/${inDev}/report`, { data: { status: "done" } })).status()).toBe(422);
    expect((await ops.post(`/api/v1/promotions/${inDev}/report`, { data: { status: "succeeded" } })).status()).toBe(200);

    // Production needs a success in staging, QA's sign-off there, and ops' approval.
    const waiting = await dev.post(`/api/v1/projects/${project.slug}/promotions`, { data: { release: "v1", environment: "production" } });
    expect(waiting.status()).toBe(201);
    const promotion = (await waiting.json()) as Promotion;
    expect(promotion.status).toBe("AWAITING_GATES");
    expect(promotion.gates!.gates.map((g) => [g.kind, g.status])).toEqual([
      ["previous-success", "waiting"],
      ["sign-off", "waiting"],
      ["approvals", "waiting"],
    ]);
    const early = await ops.post(`/api/v1/promotions/${promotion.id}/report`, { data: { status: "succeeded" } });
    expect(early.status()).toBe(409);
    expect(((await early.json()) as { detail: string }).detail).toBe(
      `Promotion #${promotion.number} is waiting on gates: it cannot be marked succeeded now.`,
    );

    const ownApproval = await dev.post(`/api/v1/promotions/${promotion.id}/approve`, { data: {} });
    expect(ownApproval.status()).toBe(403);
    const reject = await ops.post(`/api/v1/promotions/${promotion.id}/reject`, { data: {} });
    expect(reject.status()).toBe(422);
    expect(await reject.json()).toMatchObject({ errors: [{ field: "comment", message: "Say why you reject it" }] });

    expect((await ops.post(`/api/v1/promotions/${promotion.id}/dance`, { data: {} })).status()).toBe(404);
    expect((await ops.get("/api/v1/promotions/00000000-0000-7000-8000-000000000000")).status()).toBe(404);
    expect(
      (await dev.post(`/api/v1/projects/${project.slug}/promotions`, { data: { release: "v404", environment: "staging" } })).status(),
    ).toBe(404);
  });

  test("an admin edits a policy; others cannot; a stale edit is refused", async ({ as }) => {
    const admin = await as("admin");
    const ops = await as("ops");
    const project = await newProject(admin);
    const policies = (await (await ops.get(`/api/v1/projects/${project.slug}/environments`)).json()) as {
      id: string;
      name: string;
      version: number;
    }[];
    const production = policies.find((p) => p.name === "production")!;
    const body = policyInput(production.version, {
      freezeWindows: [
        { kind: "WEEKLY", label: "Weekend", timeZone: "Europe/Berlin", startDay: 5, startTime: "16:00", endDay: 1, endTime: "08:00" },
      ],
    });
    expect((await ops.put(`/api/v1/projects/${project.slug}/environments/${production.id}/policy`, { data: body })).status()).toBe(403);
    const saved = await admin.put(`/api/v1/projects/${project.slug}/environments/${production.id}/policy`, { data: body });
    expect(saved.status()).toBe(200);
    expect(await saved.json()).toMatchObject({ version: production.version + 1, approvalRules: [{ role: "OPS", minCount: 2 }] });
    expect((await admin.put(`/api/v1/projects/${project.slug}/environments/${production.id}/policy`, { data: body })).status()).toBe(409);
    const invalid = await admin.put(`/api/v1/projects/${project.slug}/environments/${production.id}/policy`, {
      data: { ...body, version: production.version + 1, freezeWindows: [{ ...body.freezeWindows[0], timeZone: "Europe/Atlantis" }] },
    });
    expect(invalid.status()).toBe(422);
    expect(await invalid.json()).toMatchObject({ errors: [{ field: "freezeWindows.0.timeZone" }] });
  });
});
