import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { deleteSuite, updateSuite } from "@/lib/test-cases/mutations";

// PUT /api/v1/projects/:slug/suites/:id — rename or move {name, parentId?}
export const PUT = withRoute<{ slug: string; id: string }>({
  operation: operations.updateSuite,
  project: projectBySlug,
  handler: ({ params, actor, body }) => updateSuite(actor, params.slug, params.id, body),
});

// DELETE /api/v1/projects/:slug/suites/:id — its cases and sub-suites move up to its parent
export const DELETE = withRoute<{ slug: string; id: string }>({
  operation: operations.deleteSuite,
  project: projectBySlug,
  handler: ({ params, actor }) => deleteSuite(actor, params.slug, params.id),
});
