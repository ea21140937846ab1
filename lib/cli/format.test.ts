import { describe, expect, test } from "vitest";
import type { DeliveryMetricsDto, FourKeys } from "../insights/schemas";
import { metricsText, portfolioText } from "./format";

describe("shiproom metrics, for people", () => {
  test("a key per row with its value, level and the previous period; the approval wait; the source of the levels", () => {
    const metrics: DeliveryMetricsDto = {
      project: { slug: "checkout-service", name: "checkout-service" },
      environment: { id: "e", name: "production" },
      environments: ["dev", "staging", "production"],
      from: "2026-10-01T00:00:00.000Z",
      to: "2026-10-31T00:00:00.000Z",
      period: null,
      bucket: "day",
      bands: "DORA 2023",
      deploymentFrequency: { value: 0.1, band: "medium", previous: 1 / 30, deployments: 3 },
      leadTimeSeconds: { value: 43_200, band: "elite", previous: null },
      changeFailureRate: { value: 5 / 6, band: "low", previous: 0, failed: 3, rolledBack: 2 },
      recoverySeconds: { value: 10_800, band: "high", previous: null, failures: 4, open: 1 },
      approvalWait: {
        medianSeconds: 9000,
        p90Seconds: 13_320,
        count: 2,
        byRule: [
          { role: "QA", minCount: 1, medianSeconds: 3600, count: 2 },
          { role: "OPS", minCount: 2, medianSeconds: null, count: 0 },
        ],
        slowest: [],
      },
      signOffWait: { environment: "staging", medianSeconds: 7200, p90Seconds: 10_800, count: 4 },
      freezeWait: { medianSeconds: 5400, p90Seconds: 36_000, count: 3, totalSeconds: 50_400, heldNow: 1 },
      series: [],
    };
    const text = metricsText(metrics);
    // Chosen dates are named as chosen: the last day is the 30th (the end is excluded).
    expect(text.split("\n")[0]).toBe("checkout-service → production, 2026-10-01 to 2026-10-30 (30 days)");
    expect(metricsText({ ...metrics, period: "30d" }).split("\n")[0]).toBe(
      "checkout-service → production, the last 30 days (2026-10-01 to 2026-10-30)",
    );
    expect(text).toMatch(/Deployment frequency\s+3 a month\s+medium\s+1 a month\s+3 deployments/);
    expect(text).toMatch(/Lead time for changes\s+12 h\s+elite\s+—/);
    expect(text).toMatch(/Change failure rate\s+83\.3 %\s+low\s+0 %\s+3 failed, 2 rolled back/);
    expect(text).toMatch(/Recovery time\s+3 h\s+high\s+—\s+median of 3, 1 open/);
    expect(text).toContain("Waiting for approval: median 2.5 h, 90th percentile 3.7 h (2 promotions)");
    // Per rule, those that were met; then QA's sign-off where the policy asks for one.
    expect(text).toContain("  until 1 × qa: median 1 h (2)");
    expect(text).not.toContain("× ops");
    expect(text).toContain("Waiting for QA's sign-off on staging: median 2 h, 90th percentile 3 h (4 releases)");
    expect(text).toContain("Held by a freeze: median 1.5 h, 90th percentile 10 h, 14 h in all (3 promotions)");
    expect(text).toContain("A freeze holds 1 promotion now.");
    const unfrozen = metricsText({
      ...metrics,
      freezeWait: { medianSeconds: null, p90Seconds: null, count: 0, totalSeconds: 0, heldNow: 0 },
    });
    expect(unfrozen).not.toMatch(/freeze/i);
    expect(text).toContain("Levels: DORA 2023.");
  });
});

describe("shiproom metrics without a project", () => {
  test("a row per project with each key and its level, one for all together, and projects without the environment", () => {
    const keys = (deployments: number, lead: number | null): FourKeys => ({
      deploymentFrequency: { value: deployments / 30, band: deployments / 30 >= 1 / 7 ? "high" : "medium", previous: 0, deployments },
      leadTimeSeconds: { value: lead, band: lead === null ? null : "elite", previous: null },
      changeFailureRate: { value: deployments ? 0.25 : null, band: deployments ? "low" : null, previous: null, failed: 1, rolledBack: 0 },
      recoverySeconds: { value: null, band: null, previous: null, failures: 0, open: 0 },
    });
    const text = portfolioText({
      from: "2026-10-01T00:00:00.000Z",
      to: "2026-10-31T00:00:00.000Z",
      period: "30d",
      environment: null,
      environments: ["dev", "staging", "production"],
      bands: "DORA 2023",
      all: { projects: 2, ...keys(5, 21_600) },
      projects: [
        { project: { slug: "checkout", name: "Checkout" }, environment: "production", ...keys(3, 43_200) },
        { project: { slug: "search", name: "Search" }, environment: "prod", ...keys(2, 5_400) },
        { project: { slug: "docs", name: "Docs" }, environment: null },
      ],
    });
    const lines = text.split("\n");
    expect(lines[0]).toBe("production of every project you see, the last 30 days (2026-10-01 to 2026-10-30)");
    expect(text).toMatch(/Checkout\s+production\s+3 a month \(medium\)\s+12 h \(elite\)\s+25 % \(low\)\s+—/);
    expect(text).toMatch(/Search\s+prod\s+2 a month \(medium\)\s+1\.5 h \(elite\)/);
    expect(text).toMatch(/Docs\s+\(none\)/);
    expect(text).toMatch(/All \(2 measured\)\s+1.2 a week \(high\)\s+6 h \(elite\)/);
    expect(lines.at(-1)).toBe("Lead time and recovery are medians. Levels: DORA 2023.");
  });
});
