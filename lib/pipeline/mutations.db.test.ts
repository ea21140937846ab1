import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { updateEnvironmentPolicy } from "@/lib/environments/mutations";
import { listEnvironmentPolicies } from "@/lib/environments/queries";
import { Conflict, Forbidden, ValidationFailed } from "@/lib/http/errors";
import { reportDeployment } from "@/lib/promotions/mutations";
import { createRelease } from "@/lib/releases/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { policyInput } from "@/lib/testing/policies";
import { describeChange } from "./describe-change";
import { applyPipeline, InvalidPipeline, planPipeline, unmanagePipeline } from "./mutations";
import { exportPipeline, livePipeline } from "./queries";

setupTestDatabase();

const file = (slug: string, extra = "") => `
version: 1
project: ${slug}
environments:
  - name: dev
    autoPromote: true
    requirePreviousSuccess: false
  - name: staging
  - name: perf
    approvals: [{ role: qa, count: 1 }]
  - name: production
    approvals:
      - { role: ops, count: 2 }
    signOff: { in: staging, maxFailed: 0 }
    freezes:
      - { label: Weekend, timeZone: Europe/Berlin, weekly: { from: "fri 16:00", to: "mon 08:00" } }
      - { label: Black Friday, timeZone: America/New_York, from: "2026-11-27T00:00", to: "2026-11-30T08:00" }
    rollbacks: { duringFreeze: false, needApproval: true }
    deploy: { target: webhook, url: "https://deploy.example.com/hook" }
${extra}`;

describe("pipeline as code", () => {
  test("plan shows the changes, apply makes them, and the same file again changes nothing", async () => {
    const { slug } = await makePipeline();
    const admin = await makeActor(["ADMIN"]);
    const plan = await planPipeline(slug, file(slug));
    expect(plan.changes.map(describeChange)).toEqual([
      "+ environment perf (position 3)",
      "~ production.approvals: 1 from ops → 2 from ops",
      "~ production.signOff: none → on staging, at most 0 failed",
      '~ production.freezes: none → "Weekend" every fri 16:00 – mon 08:00 Europe/Berlin; "Black Friday" 2026-11-27T00:00 – 2026-11-30T08:00 America/New_York',
      "~ production.rollbacks: allowed during a freeze, skip approvals → not allowed during a freeze, need approvals",
      "~ production.deploy: manual → webhook https://deploy.example.com/hook",
    ]);
    expect((await livePipeline(slug)).environments).toHaveLength(3); // plan changed nothing

    const applied = await applyPipeline(admin, slug, file(slug), "abc1234");
    expect(applied).toMatchObject({ applied: true, revision: "abc1234", managed: { revision: "abc1234" } });
    expect(Object.keys(applied.deployHookSecrets)).toEqual(["production"]);
    const policies = await listEnvironmentPolicies(slug);
    expect(policies.map((p) => p.name)).toEqual(["dev", "staging", "perf", "production"]);
    expect(policies[3]).toMatchObject({
      approvalRules: [{ role: "OPS", minCount: 2 }],
      signOffEnvironmentId: policies[1]!.id,
      maxFailedTests: 0,
      rollbackDuringFreeze: false,
      rollbackNeedsApproval: true,
      deployTarget: "WEBHOOK",
      deployHook: { url: "https://deploy.example.com/hook" },
    });
    expect(policies[3]!.freezeWindows.map((w) => w.description)).toEqual([
      "every Fri 16:00 → Mon 08:00 (Europe/Berlin)",
      "27 Nov 2026, 00:00 → 30 Nov 2026, 08:00 (America/New_York)",
    ]);

    const versions = policies.map((p) => p.version);
    const again = await applyPipeline(admin, slug, file(slug), "abc1234");
    expect(again).toMatchObject({ applied: false, changes: [], deployHookSecrets: {} });
    expect((await listEnvironmentPolicies(slug)).map((p) => p.version)).toEqual(versions);
    const projectId = (await livePipeline(slug)).project.id;
    const audit = await db().auditEvent.findMany({ where: { action: "pipeline.applied", objectId: projectId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ reason: "shiproom.yaml abc1234", after: { revision: "abc1234" } });
  });

  test("export writes the live pipeline; applying the export changes nothing", async () => {
    const { slug } = await makePipeline();
    const admin = await makeActor(["ADMIN"]);
    await applyPipeline(admin, slug, file(slug));
    const exported = await exportPipeline(slug);
    expect(exported).toContain(`project: ${slug}`);
    expect(exported).not.toContain("whsec_");
    expect((await planPipeline(slug, exported)).changes).toEqual([]);
    const unmanagedProject = await makePipeline();
    const fresh = await exportPipeline(unmanagedProject.slug);
    expect((await planPipeline(unmanagedProject.slug, fresh)).changes).toEqual([]);
  });

  test("a file with problems is refused whole: every problem named, nothing applied", async () => {
    const { slug } = await makePipeline();
    const admin = await makeActor(["ADMIN"]);
    const before = await livePipeline(slug);
    const broken = file(slug).replace("role: ops", "role: opps").replace("Europe/Berlin", "Europe/Atlantis");
    const error = await applyPipeline(admin, slug, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPipeline);
    expect((error as InvalidPipeline).fieldErrors).toEqual([
      { field: "environments[3].approvals[0].role", message: 'line 13, column 17: unknown role "opps" (use developer, qa, ops or admin)' },
      {
        field: "environments[3].freezes[0].timeZone",
        message: 'line 16, column 37: unknown time zone "Europe/Atlantis" (use an IANA name like Europe/Berlin)',
      },
    ]);
    expect(await livePipeline(slug)).toEqual(before);
    const wrongProject = await applyPipeline(admin, slug, file("another-project")).catch((e: unknown) => e);
    expect((wrongProject as InvalidPipeline).fieldErrors[0]).toMatchObject({ field: "project" });
  });

  test("an environment with history cannot be removed, and nothing else changes", async () => {
    const { slug } = await makePipeline();
    const admin = await makeActor(["ADMIN"]);
    const dev = await makeActor(["DEVELOPER"]);
    await createRelease(dev, slug, { version: "v1", commitSha: "abcdef1" });
    const withoutDev = `version: 1\nenvironments:\n  - name: staging\n    approvals: [{ role: qa, count: 3 }]\n  - name: production\n`;
    const error = await applyPipeline(admin, slug, withoutDev).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).fieldErrors[0]!.message).toMatch(/^dev has 1 deployment\(s\) and 0 test run\(s\)/);
    expect((await livePipeline(slug)).environments.map((e) => [e.name, e.approvalRules.length])).toEqual([
      ["dev", 0],
      ["staging", 0],
      ["production", 1],
    ]);
  });

  test("a managed pipeline refuses edits in the app, pointing at the file, until an admin hands it back", async () => {
    const { slug } = await makePipeline();
    const admin = await makeActor(["ADMIN"]);
    await applyPipeline(admin, slug, file(slug), "rev-42");
    const staging = (await listEnvironmentPolicies(slug)).find((p) => p.name === "staging")!;
    const edit = () => updateEnvironmentPolicy(admin, slug, staging.id, policyInput(staging.version, { approvalRules: [] }));
    const refused = await edit().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect((refused as Error).message).toContain("managed as code (shiproom.yaml, revision rev-42)");
    await expect(unmanagePipeline(await makeActor(["OPS"]), slug)).rejects.toBeInstanceOf(Forbidden);
    await unmanagePipeline(admin, slug);
    expect((await edit()).version).toBe(staging.version + 1);
    expect(
      await db().auditEvent.count({
        where: { action: { in: ["pipeline.applied", "pipeline.unmanaged"] }, objectId: (await livePipeline(slug)).project.id },
      }),
    ).toBe(2);
  });

  test("reordering and looser policies settle what waits; only admins and pipeline:write tokens apply", async () => {
    const { slug } = await makePipeline({ staging: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const dev = await makeActor(["DEVELOPER"]);
    const ops = await makeActor(["OPS"]);
    await createRelease(dev, slug, { version: "v1", commitSha: "abcdef1" });
    const inDev = await db().deployment.findFirstOrThrow({ where: { project: { slug }, environment: { name: "dev" } } });
    await reportDeployment(ops, inDev.id, { status: "succeeded" });
    const { requestPromotion } = await import("@/lib/promotions/mutations");
    const waiting = await requestPromotion(dev, slug, { release: "v1", environment: "staging" });
    expect(waiting.status).toBe("AWAITING_GATES");
    await expect(applyPipeline(dev, slug, file(slug))).rejects.toBeInstanceOf(Forbidden);
    await applyPipeline(await makeActor(["ADMIN"]), slug, file(slug));
    expect((await db().deployment.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("APPROVED");
  });

  test("the file and the policy editor read a freeze's times by one rule: refused alike, and a time that happens twice is the first", async () => {
    const { slug } = await makePipeline();
    const admin = await makeActor(["ADMIN"]);
    const withFreeze = (from: string, to: string) =>
      `version: 1\nenvironments:\n  - name: dev\n  - name: staging\n  - name: production\n    freezes:\n      - { label: Close, timeZone: Europe/Berlin, from: "${from}", to: "${to}" }\n`;
    const production = (await listEnvironmentPolicies(slug)).find((p) => p.name === "production")!;
    const viaEditor = (startsAt: string, endsAt: string) =>
      updateEnvironmentPolicy(
        admin,
        slug,
        production.id,
        policyInput(production.version, {
          freezeWindows: [{ kind: "ONE_OFF", label: "Close", timeZone: "Europe/Berlin", startsAt, endsAt }],
        }),
      ).catch((e: unknown) => e as ValidationFailed);

    for (const [from, message] of [
      ["2027-02-30T10:00", "2027-02-30 does not exist"],
      ["2026-03-29T02:30", "02:30 does not exist on 2026-03-29 in Europe/Berlin: the clocks go forward then"],
    ] as const) {
      const file = (await applyPipeline(admin, slug, withFreeze(from, "2027-04-01T10:00")).catch((e: unknown) => e)) as InvalidPipeline;
      expect(file.fieldErrors).toEqual([{ field: "environments[2].freezes[0].from", message: `line 7, column 56: ${message}` }]);
      const editor = await viaEditor(from, "2027-04-01T10:00");
      expect((editor as ValidationFailed).fieldErrors).toEqual([
        { field: "freezeWindows.0.startsAt", message: message.charAt(0).toUpperCase() + message.slice(1) },
      ]);
    }

    // 02:30 on 25 October 2026 happens twice in Berlin: both paths take the first, so the export plans no change.
    const applied = await applyPipeline(admin, slug, withFreeze("2026-10-25T02:30", "2026-10-25T03:30"), "dst");
    expect(applied.applied).toBe(true);
    const stored = await db().freezeWindow.findFirstOrThrow({ where: { environment: { project: { slug } } } });
    expect(stored.startsAt).toEqual(new Date("2026-10-25T00:30:00Z"));
    expect((await planPipeline(slug, withFreeze("2026-10-25T02:30", "2026-10-25T03:30"))).changes).toEqual([]);
    expect((await planPipeline(slug, await exportPipeline(slug))).changes).toEqual([]);
    expect((await applyPipeline(admin, slug, withFreeze("2026-10-25T02:30", "2026-10-25T03:30"), "dst")).applied).toBe(false);
    await unmanagePipeline(admin, slug);
    const fresh = (await listEnvironmentPolicies(slug)).find((p) => p.name === "production")!;
    await updateEnvironmentPolicy(
      admin,
      slug,
      production.id,
      policyInput(fresh.version, {
        freezeWindows: [
          { kind: "ONE_OFF", label: "Close", timeZone: "Europe/Berlin", startsAt: "2026-10-25T02:30", endsAt: "2026-10-25T03:30" },
        ],
      }),
    );
    expect((await db().freezeWindow.findFirstOrThrow({ where: { environmentId: production.id } })).startsAt).toEqual(
      new Date("2026-10-25T00:30:00Z"),
    );
  });
});
