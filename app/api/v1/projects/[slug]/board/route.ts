import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";
import { getBoard } from "@/lib/promotions/board";

// GET /api/v1/projects/:slug/board — every environment: what runs, what is in flight, what waits and why
export const GET = withRoute<{ slug: string }>({
  operation: operations.getBoard,
  project: projectBySlug,
  handler: ({ params, actor }) => getBoard(params.slug, actor),
});
