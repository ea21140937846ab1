import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { revokeToken } from "@/lib/tokens/mutations";

// POST /api/v1/projects/:slug/tokens/:id/revoke — the token stops working at once (admins)
export const POST = withRoute<{ slug: string; id: string }>({
  operation: operations.revokeToken,
  project: projectBySlug,
  handler: ({ params, actor }) => revokeToken(actor, params.slug, params.id),
});
