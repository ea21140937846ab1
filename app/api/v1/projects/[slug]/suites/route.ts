import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { json, withRoute } from "@/lib/http/route";
import { createSuite } from "@/lib/test-cases/mutations";
import { listSuites } from "@/lib/test-cases/queries";

// GET /api/v1/projects/:slug/suites — the suite tree (flat, with parent ids and case counts)
export const GET = withRoute<{ slug: string }>({
  operation: operations.listSuites,
  project: projectBySlug,
  handler: ({ params }) => listSuites(params.slug),
});

// POST /api/v1/projects/:slug/suites — {name, parentId?}
export const POST = withRoute<{ slug: string }>({
  operation: operations.createSuite,
  project: projectBySlug,
  handler: async ({ params, actor, body }) => json(await createSuite(actor, params.slug, body), 201),
});
