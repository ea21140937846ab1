import { operations } from "@/lib/api/operations";
import { attachToCase, listCaseAttachments } from "@/lib/attachments/store";
import { BadRequest } from "@/lib/http/errors";
import { projectBySlug } from "@/lib/http/project-of";
import { json, withRoute } from "@/lib/http/route";
import { streamedUpload } from "@/lib/http/upload";

// POST /api/v1/projects/:slug/cases/:key/attachments — the file as the body, its name in X-File-Name (streamed: proxy.ts does not buffer it)
export const POST = withRoute<{ slug: string; key: string }>({
  operation: operations.uploadCaseAttachment,
  project: projectBySlug,
  handler: async ({ params, actor, req }) => {
    if (!req.body) throw new BadRequest("Send the file as the request body.");
    return json(await attachToCase(actor, params.slug, params.key, streamedUpload(req)), 201);
  },
});

// GET /api/v1/projects/:slug/cases/:key/attachments — the case's attachments and their history
export const GET = withRoute<{ slug: string; key: string }>({
  operation: operations.listCaseAttachments,
  project: projectBySlug,
  handler: ({ params }) => listCaseAttachments(params.slug, params.key),
});
