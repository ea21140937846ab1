import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { unmanagePipeline } from "@/lib/pipeline/mutations";

// DELETE /api/v1/projects/:slug/pipeline/management — stop managing the pipeline as code (admins)
export const DELETE = withRoute<{ slug: string }>({
  operation: operations.unmanagePipeline,
  project: projectBySlug,
  handler: ({ params, actor }) => unmanagePipeline(actor, params.slug),
});
