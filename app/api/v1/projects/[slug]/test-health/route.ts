import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { singleValued } from "@/lib/http/validation";
import { getTestHealth } from "@/lib/insights/test-health";

// GET /api/v1/projects/:slug/test-health?period=90d|from=&to=&environment= — pass rate per run, flaky, unstable, slowest, failing longest
export const GET = withRoute<{ slug: string }>({
  operation: operations.getTestHealth,
  project: projectBySlug,
  handler: ({ params, query }) => getTestHealth(params.slug, singleValued(query)),
});
