// Which project a route acts on, found from its URL. API tokens belong to one project: a token
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
    const projects = await db().project.findMany({
      where: { archivedAt: null, OR: [{ slug }, { key: slug.toUpperCase() }] },
      select: { id: true, slug: true },
      take: 2,
    });
    return projects.find((p) => p.slug === slug) ?? projects[0] ?? null;
  },
};

/** /promotions/:id/… */
export const projectByPromotion: ProjectOf<{ id: string }> = {
  what: "Promotion",
  find: async ({ id }) => {
    if (!isUuid(id)) return null;
    const row = await db().deployment.findUnique({ where: { id }, select: { project: { select: { id: true, slug: true } } } });
    return row?.project ?? null;
  },
};

/** /runs/:id/… */
export const projectByRun: ProjectOf<{ id: string }> = {
  what: "Test run",
  find: async ({ id }) => {
    if (!isUuid(id)) return null;
    const row = await db().testRun.findUnique({ where: { id }, select: { project: { select: { id: true, slug: true } } } });
    return row?.project ?? null;
  },
};
