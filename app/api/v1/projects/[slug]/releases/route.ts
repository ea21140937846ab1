import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { pageOf } from "@/lib/http/query";
import { json, withRoute } from "@/lib/http/route";
import { createRelease } from "@/lib/releases/mutations";
import { listReleases } from "@/lib/releases/queries";

// GET /api/v1/projects/:slug/releases?page=&search= — releases, newest first, with where each runs
export const GET = withRoute<{ slug: string }>({
  operation: operations.listReleases,
  project: projectBySlug,
  handler: ({ params, query }) => listReleases(params.slug, { page: pageOf(query), search: query.get("search") ?? undefined }),
});

// POST /api/v1/projects/:slug/releases — register an immutable release {version, commitSha, artifactRef?, notes?}
export const POST = withRoute<{ slug: string }>({
  operation: operations.createRelease,
  project: projectBySlug,
  handler: async ({ params, actor, body, project }) => json(await createRelease(actor, project ?? params.slug, body), 201),
});
