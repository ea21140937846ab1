import { operations } from "@/lib/api/operations";
import { projectByRun } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { assignResults } from "@/lib/test-runs/assignments";

// POST /api/v1/runs/:id/assignments — assign the chosen cases to a tester, unassign them, or spread them between testers
export const POST = withRoute<{ id: string }>({
  operation: operations.assignResults,
  project: projectByRun,
  handler: ({ params, actor, body }) => assignResults(actor, params.id, body),
});
