import { withRoute } from "@/lib/http/route";
import { bulkUpdateCases } from "@/lib/test-cases/mutations";

// POST /api/v1/projects/:slug/cases-bulk — {caseIds[], change: {action: addTags|removeTags|move|archive|unarchive, …}}
export const POST = withRoute<{ slug: string }>({ handler: ({ params, actor, body }) => bulkUpdateCases(actor, params.slug, body) });
