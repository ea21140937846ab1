import { operations } from "@/lib/api/operations";
import { withRoute } from "@/lib/http/route";
import { singleValued } from "@/lib/http/validation";
import { getPortfolioMetrics } from "@/lib/insights/delivery";

// GET /api/v1/metrics?period=90d|from=&to=&environment= — DORA's four keys of every project the caller sees, and of all together
export const GET = withRoute({
  operation: operations.getPortfolioMetrics,
  handler: ({ actor, query }) => getPortfolioMetrics(actor.kind === "TOKEN" ? [actor.projectId!] : "all", singleValued(query)),
});
