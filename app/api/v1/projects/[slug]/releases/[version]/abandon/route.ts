import { withRoute } from "@/lib/http/route";
import { abandonRelease } from "@/lib/releases/mutations";

// POST /api/v1/projects/:slug/releases/:version/abandon — {reason}; cancels its waiting promotions
export const POST = withRoute<{ slug: string; version: string }>({
  handler: ({ params, actor, body }) => abandonRelease(actor, params.slug, params.version, body),
});
