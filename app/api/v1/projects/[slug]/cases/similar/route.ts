import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { similarCases } from "@/lib/test-cases/queries";

// GET /api/v1/projects/:slug/cases/similar?title=&exclude= — duplicate hints while a case's title is written
export const GET = withRoute<{ slug: string }>({
  operation: operations.similarCases,
  project: projectBySlug,
  handler: ({ params, query }) =>
    similarCases(params.slug, { title: query.get("title") ?? undefined, exclude: query.get("exclude") ?? undefined }),
});
