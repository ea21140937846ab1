import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { singleValued } from "@/lib/http/validation";
import { deliveryDeploymentsCsv } from "@/lib/insights/export";

// GET /api/v1/projects/:slug/metrics/deployments?period=90d|from=&to=&environment= — the deployments behind the metrics, as CSV
export const GET = withRoute<{ slug: string }>({
  operation: operations.getMetricsDeployments,
  project: projectBySlug,
  handler: async ({ params, query }) => {
    const { filename, csv } = await deliveryDeploymentsCsv(params.slug, singleValued(query));
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
      },
    });
  },
});
