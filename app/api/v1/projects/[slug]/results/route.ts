import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { reportUpload } from "@/lib/junit/upload";
import { uploadResults } from "@/lib/junit/import";

// POST /api/v1/projects/:slug/results?release=&environment=&run= — a JUnit report for a release in an environment (the XML as the body, or multipart: the report, then the files it names)
export const POST = withRoute<{ slug: string }>({
  operation: operations.uploadResults,
  project: projectBySlug,
  handler: async ({ params, actor, req, query }) => {
    return uploadResults(actor, params.slug, Object.fromEntries(query), await reportUpload(req));
  },
});
