import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { json, withRoute } from "@/lib/http/route";
import { createToken } from "@/lib/tokens/mutations";
import { listTokens } from "@/lib/tokens/queries";

// GET /api/v1/projects/:slug/tokens — the project's API tokens (admins; never their secrets)
export const GET = withRoute<{ slug: string }>({
  operation: operations.listTokens,
  project: projectBySlug,
  handler: ({ params, actor }) => listTokens(actor, params.slug),
});

// POST /api/v1/projects/:slug/tokens — {name, scopes[], expiresInDays?}: the secret is in this answer only
export const POST = withRoute<{ slug: string }>({
  operation: operations.createToken,
  project: projectBySlug,
  handler: async ({ params, actor, body }) => json(await createToken(actor, params.slug, body), 201),
});
