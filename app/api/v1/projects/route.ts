import { json, withRoute } from "@/lib/http/route";
import { createProject } from "@/lib/projects/mutations";
import { listProjects } from "@/lib/projects/queries";

// GET /api/v1/projects — the team's projects with their pipelines
export const GET = withRoute({ handler: () => listProjects() });

// POST /api/v1/projects — create a project with the default pipeline (admins)
export const POST = withRoute({
  handler: async ({ actor, body }) => json(await createProject(actor, body), 201),
});
