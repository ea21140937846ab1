import { operations } from "@/lib/api/operations";
import { json, withRoute } from "@/lib/http/route";
import { createProject } from "@/lib/projects/mutations";
import { listProjects } from "@/lib/projects/queries";

// GET /api/v1/projects — the team's projects with their pipelines (a token sees its own)
export const GET = withRoute({
  operation: operations.listProjects,
  handler: async ({ actor }) => (await listProjects()).filter((project) => actor.kind !== "TOKEN" || project.id === actor.projectId),
});

// POST /api/v1/projects — create a project with the default pipeline (admins)
export const POST = withRoute({
  operation: operations.createProject,
  handler: async ({ actor, body }) => json(await createProject(actor, body), 201),
});
