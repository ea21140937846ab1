// Which project a route acts on, found from its URL. API tokens belong to one project: a token
// asking about another project's objects is told they do not exist (404), as a stranger would be.
// Each resolver is one statement, so a token's request is authenticated and its project found
// in a single round trip (see authenticateToken); every API call asks.
import "server-only";
import { readRows } from "@/lib/db/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "./validation";

export type ProjectRef = { id: string; slug: string };
export type ProjectOf<P> = {
  what: string;
  /** The statement selecting the project's id and slug, or null when the URL cannot name one. */
  query: (params: P) => Prisma.Sql | null;
};

/** The project a resolver names, or null. */
export async function findProject<P>(of: ProjectOf<P>, params: P): Promise<ProjectRef | null> {
  const query = of.query(params);
  if (!query) return null;
  const [project] = await readRows<ProjectRef>(query);
  return project ?? null;
}

/** /projects/:slug/… — the slug, or the project's key (CHK), as the CLI's --project takes either. */
export const projectBySlug: ProjectOf<{ slug: string }> = {
  what: "Project",
  query: ({ slug }) => Prisma.sql`
    select id, slug from "Project" where "archivedAt" is null and (slug = ${slug} or key = ${slug.toUpperCase()})
    order by slug = ${slug} desc limit 1`,
};

/** /promotions/:id/… */
export const projectByPromotion: ProjectOf<{ id: string }> = {
  what: "Promotion",
  query: ({ id }) =>
    isUuid(id)
      ? Prisma.sql`select p.id, p.slug from "Deployment" d join "Project" p on p.id = d."projectId" where d.id = ${id}::uuid`
      : null,
};

/** /runs/:id/… */
export const projectByRun: ProjectOf<{ id: string }> = {
  what: "Test run",
  query: ({ id }) =>
    isUuid(id) ? Prisma.sql`select p.id, p.slug from "TestRun" r join "Project" p on p.id = r."projectId" where r.id = ${id}::uuid` : null,
};

/** /attachments/:id — a result's or a case's, in the project it was uploaded in */
export const projectByAttachment: ProjectOf<{ id: string }> = {
  what: "Attachment",
  query: ({ id }) =>
    isUuid(id)
      ? Prisma.sql`select p.id, p.slug from "Attachment" a join "Project" p on p.id = a."projectId" where a.id = ${id}::uuid and a."storedAt" is not null`
      : null,
};
