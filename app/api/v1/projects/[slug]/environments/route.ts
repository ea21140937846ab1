import { withRoute } from "@/lib/http/route";
import { listEnvironmentPolicies } from "@/lib/environments/queries";

// GET /api/v1/projects/:slug/environments — the pipeline with each environment's policy
export const GET = withRoute<{ slug: string }>({ handler: ({ params }) => listEnvironmentPolicies(params.slug) });
