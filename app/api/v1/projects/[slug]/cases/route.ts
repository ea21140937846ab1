import { operations } from "@/lib/api/operations";
import { projectBySlug } from "@/lib/http/project-of";
import { pageOf } from "@/lib/http/query";
import { json, withRoute } from "@/lib/http/route";
import { createCase } from "@/lib/test-cases/mutations";
import { listCases } from "@/lib/test-cases/queries";

// GET /api/v1/projects/:slug/cases?q=&suite=&tag=&priority=&kind=&archived=&page= — search the library
export const GET = withRoute<{ slug: string }>({
  operation: operations.listCases,
  project: projectBySlug,
  handler: ({ params, query }) =>
    listCases(params.slug, {
      q: query.get("q") ?? undefined,
      suite: query.get("suite") ?? undefined,
      tags: query.getAll("tag").length ? query.getAll("tag") : undefined,
      priority: query.getAll("priority").length ? query.getAll("priority") : undefined,
      kind: query.get("kind") ?? undefined,
      archived: query.get("archived") === "true",
      page: pageOf(query),
    }),
});

// POST /api/v1/projects/:slug/cases — add a case {title, preconditions?, steps[], priority?, tags[], suiteId?, kind?, automationId?}
export const POST = withRoute<{ slug: string }>({
  operation: operations.createCase,
  project: projectBySlug,
  handler: async ({ params, actor, body }) => json(await createCase(actor, params.slug, body), 201),
});
