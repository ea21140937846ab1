import { json, withRoute } from "@/lib/http/route";
import { commentOnRelease } from "@/lib/releases/mutations";

// POST /api/v1/projects/:slug/releases/:version/comments — {body}: a comment in the release's discussion
export const POST = withRoute<{ slug: string; version: string }>({
  handler: async ({ params, actor, body }) => json(await commentOnRelease(actor, params.slug, params.version, body), 201),
});
