import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { commentOnRelease } from "@/lib/releases/mutations";

// POST /api/v1/projects/:slug/releases/:version/comments — {body}: a comment in the release's discussion
export const POST = withRoute<{ slug: string; version: string }>({
  operation: operations.commentOnRelease,
  project: projectBySlug,
  handler: ({ params, actor, body }) => commentOnRelease(actor, params.slug, params.version, body),
});
