import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { singleValued } from "@/lib/http/validation";
import { getDeliveryMetrics } from "@/lib/insights/delivery";

// GET /api/v1/projects/:slug/metrics?period=90d|from=&to=&environment= — DORA's four keys, the approval wait, a series
export const GET = withRoute<{ slug: string }>({
  operation: operations.getMetrics,
  project: projectBySlug,
  handler: ({ params, query }) => getDeliveryMetrics(params.slug, singleValued(query)),
});
