import { withRoute } from "@/lib/http/route";
import { deleteSuite, updateSuite } from "@/lib/test-cases/mutations";

// PUT /api/v1/projects/:slug/suites/:id — rename or move {name, parentId?}
export const PUT = withRoute<{ slug: string; id: string }>({
  handler: ({ params, actor, body }) => updateSuite(actor, params.slug, params.id, body),
});

// DELETE /api/v1/projects/:slug/suites/:id — its cases and sub-suites move up to its parent
export const DELETE = withRoute<{ slug: string; id: string }>({
  handler: ({ params, actor }) => deleteSuite(actor, params.slug, params.id),
});
