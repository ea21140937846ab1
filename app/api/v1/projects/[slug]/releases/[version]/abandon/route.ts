import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { abandonRelease } from "@/lib/releases/mutations";

// POST /api/v1/projects/:slug/releases/:version/abandon — {reason}; cancels its waiting promotions
export const POST = withRoute<{ slug: string; version: string }>({
  operation: operations.abandonRelease,
  project: projectBySlug,
  handler: ({ params, actor, body }) => abandonRelease(actor, params.slug, params.version, body),
});
