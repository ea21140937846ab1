// Which project a route acts on, found from its URL (raw statements: every API call asks). API tokens belong to one project: a token
// asking about another project's objects is told they do not exist (404), as a stranger would be.
import "server-only";
import { db } from "@/lib/db/client";
import { isUuid } from "@/lib/validation";

export type ProjectRef = { id: string; slug: string };
export type ProjectOf<P> = { what: string; find: (params: P) => Promise<ProjectRef | null> };

/** /projects/:slug/… — the slug, or the project's key (CHK), as the CLI's --project takes either. */
export const projectBySlug: ProjectOf<{ slug: string }> = {
  what: "Project",
  find: async ({ slug }) => {
    const [project] = await db().$queryRaw<ProjectRef[]>`
      select id, slug from "Project" where "archivedAt" is null and (slug = ${slug} or key = ${slug.toUpperCase()})
      order by slug = ${slug} desc limit 1`;
    return project ?? null;
  },
};

/** /promotions/:id/… */
export const projectByPromotion: ProjectOf<{ id: string }> = {
  what: "Promotion",
  find: async ({ id }) => {
    if (!isUuid(id)) return null;
    const [project] = await db().$queryRaw<ProjectRef[]>`
      select p.id, p.slug from "Deployment" d join "Project" p on p.id = d."projectId" where d.id = ${id}::uuid`;
    return project ?? null;
  },
};

/** /runs/:id/… */
export const projectByRun: ProjectOf<{ id: string }> = {
  what: "Test run",
  find: async ({ id }) => {
    if (!isUuid(id)) return null;
    const [project] = await db().$queryRaw<ProjectRef[]>`
      select p.id, p.slug from "TestRun" r join "Project" p on p.id = r."projectId" where r.id = ${id}::uuid`;
    return project ?? null;
  },
};
