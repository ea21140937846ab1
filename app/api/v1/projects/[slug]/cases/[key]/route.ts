import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { updateCase } from "@/lib/test-cases/mutations";
import { getCase } from "@/lib/test-cases/queries";

// GET /api/v1/projects/:slug/cases/:key — a case (CHK-42) with its revisions and results across releases
export const GET = withRoute<{ slug: string; key: string }>({
  operation: operations.getCase,
  project: projectBySlug,
  handler: ({ params }) => getCase(params.slug, params.key),
});

// PUT /api/v1/projects/:slug/cases/:key — edit a case; `revision` is the one you saw (a newer one answers 409)
export const PUT = withRoute<{ slug: string; key: string }>({
  operation: operations.updateCase,
  project: projectBySlug,
  handler: ({ params, actor, body }) => updateCase(actor, params.slug, params.key, body),
});
