import { operations } from "@/lib/api/operations";
import { BadRequest } from "@/lib/http/errors";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { streamedUpload } from "@/lib/http/upload";
import { importCases } from "@/lib/test-cases/csv-import";

// POST /api/v1/projects/:slug/cases/import?apply=true — the CSV as the body (text/csv); without apply, a preview
export const POST = withRoute<{ slug: string }>({
  operation: operations.importCases,
  project: projectBySlug,
  handler: ({ params, actor, req, query }) => {
    if (!req.body) throw new BadRequest("Send the CSV file as the request body.");
    return importCases(actor, params.slug, streamedUpload(req).body, query.get("apply") === "true");
  },
});
