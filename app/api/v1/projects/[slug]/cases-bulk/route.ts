import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { bulkUpdateCases } from "@/lib/test-cases/mutations";

// POST /api/v1/projects/:slug/cases-bulk — {caseIds[], change: {action: addTags|removeTags|move|archive|unarchive, …}}
export const POST = withRoute<{ slug: string }>({
  operation: operations.bulkUpdateCases,
  project: projectBySlug,
  handler: ({ params, actor, body }) => bulkUpdateCases(actor, params.slug, body),
});
