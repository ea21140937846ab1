import { operations } from "@/lib/api/operations";
import { updateEnvironmentPolicy } from "@/lib/environments/mutations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";

// PUT /api/v1/projects/:slug/environments/:id/policy — replace the policy (admins; `version` guards lost updates)
export const PUT = withRoute<{ slug: string; id: string }>({
  operation: operations.updatePolicy,
  project: projectBySlug,
  handler: ({ params, actor, body }) => updateEnvironmentPolicy(actor, params.slug, params.id, body),
});
