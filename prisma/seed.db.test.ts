import { describe, expect, test } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { DEMO_MEMBERS, DEMO_PASSWORD } from "@/lib/demo/team";
import { getDeliveryMetrics } from "@/lib/insights/delivery";
import { getTestHealth } from "@/lib/insights/test-health";
import { setupTestDatabase } from "@/lib/testing/db";
import { bootstrapAdmin, seedDemo } from "./seed";

const database = setupTestDatabase();

describe("the demo seed", () => {
  test("an empty database gets the demo team, checkout-service and some history", async () => {
    expect(await seedDemo()).toBe(true);
    for (const demo of DEMO_MEMBERS) {
      const member = await database.prisma.member.findUniqueOrThrow({ where: { email: demo.email } });
      expect(member.roles).toEqual(demo.roles);
      expect(await verifyPassword(member.passwordHash, DEMO_PASSWORD)).toBe(true);
    }
    const project = await database.prisma.project.findUniqueOrThrow({
      where: { slug: "checkout-service" },
      include: { environments: { orderBy: { position: "asc" }, include: { approvalRules: true } } },
    });
    expect(project.environments.map((e) => e.name)).toEqual(["dev", "staging", "production"]);
    expect(project.environments[2]!.approvalRules).toMatchObject([{ role: "OPS", minCount: 2 }]);
    const running = await database.prisma.deployment.findMany({
      where: { projectId: project.id, status: "SUCCEEDED" },
      include: { release: true, environment: true },
    });
    expect(running.map((d) => [d.environment.name, d.release.version]).sort()).toEqual([
      ["dev", "v1.3.2"],
      ["production", "v1.3.2"],
      ["staging", "v1.3.2"],
    ]);
    expect(await database.prisma.auditEvent.count({ where: { projectId: project.id } })).toBeGreaterThan(5);
    // The shared library, and QA's signed-off staging runs of the recent releases.
    expect(await database.prisma.testCase.count({ where: { projectId: project.id } })).toBeGreaterThanOrEqual(12);
    expect(project.environments[2]!.signOffEnvironmentId).toBe(project.environments[1]!.id);
    const runs = await database.prisma.testRun.findMany({
      where: { projectId: project.id, signOffs: { some: {} } },
      include: { release: true, signOffs: true },
    });
    expect(runs.map((r) => [r.release.version, r.signOffs[0]?.decision]).sort()).toEqual([
      ["v1.3.1", "SIGNED_OFF"],
      ["v1.3.2", "SIGNED_OFF"],
    ]);
  });

  test("checkout-service has four months of past for Insights: production's failures and rollbacks counted as designed", async () => {
    const metrics = await getDeliveryMetrics("checkout-service", { period: "365d" });
    // 26 releases before the recent three; every seventh fails in production (3), every ninth of the rest is rolled back (3).
    expect(metrics.deploymentFrequency.deployments).toBe(26);
    expect(metrics.changeFailureRate).toMatchObject({ failed: 3, rolledBack: 3, value: 6 / 29 });
    // Each failure is an outage until the next release succeeds; each rollback one until its own success.
    expect(metrics.recoverySeconds).toMatchObject({ failures: 6, open: 0 });
    // Every production promotion waited for its two approvals, those that then failed too.
    expect(metrics.approvalWait.count).toBe(29);
    // Releases 2, 8, 14 and 20 waited on a freeze: 24, 29, 34 and 14 hours.
    expect(metrics.freezeWait).toMatchObject({ count: 4, medianSeconds: 26.5 * 3600, totalSeconds: 101 * 3600, heldNow: 0 });
    // Each of those holds has its freeze in production's policy, ended when the hold did.
    const production = { project: { slug: "checkout-service" }, name: "production" };
    const held = await database.prisma.deployment.findMany({ where: { environment: production, freezeWaitSeconds: { gt: 0 } } });
    const windows = await database.prisma.freezeWindow.findMany({ where: { environment: production } });
    for (const promotion of held)
      expect(
        windows.some(
          (w) =>
            w.startsAt! <= promotion.createdAt &&
            w.endsAt!.getTime() === promotion.createdAt.getTime() + promotion.freezeWaitSeconds * 1000,
        ),
      ).toBe(true);
    expect(metrics.series.filter((bucket) => bucket.deployments > 0).length).toBeGreaterThanOrEqual(4);
  });

  test("checkout-service has CI's automated history for test health: a flaky, an unstable and a failing case, as designed", async () => {
    const health = await getTestHealth("checkout-service", { period: "365d" });
    // A CI run on staging for each of the 26 past releases, five automated results each.
    expect(health.runs.filter((run) => run.name.startsWith("CI "))).toHaveLength(26);
    // The payment capture failed then passed on every fourth release: 1, 5, 9, 13, 17, 21, 25.
    expect(health.flaky.map((c) => [c.title, c.flaky, c.ran])).toEqual([["Payment is captured (API)", 7, 26]]);
    // The checkout happy path failed on releases 8, 10, 17, 19 and 21 and passed in between: ten flips.
    expect(health.unstable.map((c) => [c.title, c.flips, c.releases, c.last])).toEqual([["Checkout happy path (UI)", 10, 26, "passed"]]);
    // The address autocomplete has failed on the last three of them; nothing else is failing.
    expect(health.failingLongest.map((c) => [c.title, c.releases, c.environment])).toEqual([["Address autocomplete (UI)", 3, "staging"]]);
    // The cart totals take 800 ms + 15 ms per release: the median of 26 is between the 13th and 14th.
    expect(health.slowest.map((c) => c.title)).toEqual([
      "Checkout happy path (UI)",
      "Payment is captured (API)",
      "Address autocomplete (UI)",
      "Cart totals add up (API)",
      "Order confirmation email is sent (API)",
    ]);
    expect(health.slowest[3]!.medianMs).toBe(987.5);
  });

  test("a second start seeds nothing", async () => {
    const members = await database.prisma.member.count();
    expect(await seedDemo()).toBe(false);
    expect(await database.prisma.member.count()).toBe(members);
  });

  test("the first-admin bootstrap only acts on an empty database", async () => {
    expect(await bootstrapAdmin({ email: "boss@example.test", password: "long enough" })).toBe("exists");
    expect(await database.prisma.member.count({ where: { email: "boss@example.test" } })).toBe(0);
  });
});
