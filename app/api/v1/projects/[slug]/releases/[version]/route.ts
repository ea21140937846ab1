import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { getRelease } from "@/lib/releases/queries";

// GET /api/v1/projects/:slug/releases/:version — the release, where it runs, and its timeline
export const GET = withRoute<{ slug: string; version: string }>({
  operation: operations.getRelease,
  project: projectBySlug,
  handler: ({ params }) => getRelease(params.slug, params.version),
});
