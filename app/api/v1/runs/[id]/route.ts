import { operations } from "@/lib/api/operations";
import { projectByRun } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { getRun } from "@/lib/test-runs/queries";

// GET /api/v1/runs/:id — a run with all its results, its sign-off and its imports
export const GET = withRoute<{ id: string }>({
  operation: operations.getRun,
  project: projectByRun,
  handler: ({ params }) => getRun(params.id),
});
