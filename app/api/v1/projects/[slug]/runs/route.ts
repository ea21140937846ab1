import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { json, withRoute } from "@/lib/http/route";
import { createRun } from "@/lib/test-runs/mutations";
import { listRuns } from "@/lib/test-runs/queries";

// GET /api/v1/projects/:slug/runs?release= — test runs, newest first, with counts and sign-off
export const GET = withRoute<{ slug: string }>({
  operation: operations.listRuns,
  project: projectBySlug,
  handler: ({ params, query }) => listRuns(params.slug, { release: query.get("release") ?? undefined }),
});

// POST /api/v1/projects/:slug/runs — {release, environment, name?, all?, suites[], tags[]}
export const POST = withRoute<{ slug: string }>({
  operation: operations.createRun,
  project: projectBySlug,
  handler: async ({ params, actor, body }) => json(await createRun(actor, params.slug, body), 201),
});
