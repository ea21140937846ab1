import { describe, expect, test } from "vitest";
import type { DeliveryMetricsDto } from "../insights/schemas";
import { metricsText } from "./format";

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
      approvalWait: { medianSeconds: 9000, p90Seconds: 13_320, count: 2, slowest: [] },
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
    expect(text).toContain("Levels: DORA 2023.");
  });
});
