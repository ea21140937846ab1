import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { setProjectRepository } from "@/lib/projects/mutations";

// PUT /api/v1/projects/:slug/repository — {repository} names the project's source repository, null forgets it (admins)
export const PUT = withRoute<{ slug: string }>({
  operation: operations.setProjectRepository,
  project: projectBySlug,
  handler: ({ params, actor, body }) => setProjectRepository(actor, params.slug, body),
});
