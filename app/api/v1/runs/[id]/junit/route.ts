import { operations } from "@/lib/api/operations";
import { BadRequest } from "@/lib/http/errors";
import { projectByRun } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { streamedUpload } from "@/lib/http/upload";
import { importJunit } from "@/lib/junit/import";

// POST /api/v1/runs/:id/junit — the JUnit XML report as the body (application/xml); `X-File-Name` names it
export const POST = withRoute<{ id: string }>({
  operation: operations.importJunit,
  project: projectByRun,
  handler: ({ params, actor, req }) => {
    if (!req.body) throw new BadRequest("Send the JUnit XML report as the request body.");
    return importJunit(actor, params.id, streamedUpload(req));
  },
});
