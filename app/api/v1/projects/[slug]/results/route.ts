import { operations } from "@/lib/api/operations";
import { BadRequest } from "@/lib/http/errors";
import { projectBySlug } from "@/lib/http/project-of";
import { streamedUpload } from "@/lib/http/upload";
import { withRoute } from "@/lib/http/route";
import { uploadResults } from "@/lib/junit/import";

// POST /api/v1/projects/:slug/results?release=&environment=&run= — a JUnit report for a release in an environment
export const POST = withRoute<{ slug: string }>({
  operation: operations.uploadResults,
  project: projectBySlug,
  handler: ({ params, actor, req, query }) => {
    if (!req.body) throw new BadRequest("Send the JUnit XML report as the request body.");
    return uploadResults(actor, params.slug, Object.fromEntries(query), streamedUpload(req));
  },
});
