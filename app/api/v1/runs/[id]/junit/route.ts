import { operations } from "@/lib/api/operations";
import { projectByRun } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { reportUpload } from "@/lib/junit/upload";
import { importJunit } from "@/lib/junit/import";

// POST /api/v1/runs/:id/junit — the JUnit XML report as the body (application/xml; `X-File-Name` names it), or multipart: the report, then the files it names
export const POST = withRoute<{ id: string }>({
  operation: operations.importJunit,
  project: projectByRun,
  handler: async ({ params, actor, req }) => {
    return importJunit(actor, params.id, await reportUpload(req));
  },
});
