import { operations } from "@/lib/api/operations";
import { getReleaseChanges } from "@/lib/changes/queries";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { singleValued } from "@/lib/http/validation";

// GET /api/v1/projects/:slug/releases/:version/changes?to=ENV — what promoting the release there changes
export const GET = withRoute<{ slug: string; version: string }>({
  operation: operations.getReleaseChanges,
  project: projectBySlug,
  handler: ({ params, query, project }) => getReleaseChanges(project?.slug ?? params.slug, params.version, singleValued(query)),
});
