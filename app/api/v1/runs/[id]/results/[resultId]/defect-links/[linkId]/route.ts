import { operations } from "@/lib/api/operations";
import { projectByRun } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { removeDefectLink } from "@/lib/test-runs/mutations";

// DELETE /api/v1/runs/:id/results/:resultId/defect-links/:linkId — QA, an admin or whoever linked it
export const DELETE = withRoute<{ id: string; resultId: string; linkId: string }>({
  operation: operations.removeDefectLink,
  project: projectByRun,
  handler: ({ params, actor }) => removeDefectLink(actor, params.id, params.resultId, params.linkId),
});
