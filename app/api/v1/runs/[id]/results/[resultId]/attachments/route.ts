import { operations } from "@/lib/api/operations";
import { attachToResult, listResultAttachments } from "@/lib/attachments/store";
import { BadRequest } from "@/lib/http/errors";
import { projectByRun } from "@/lib/http/project-of";
import { json, withRoute } from "@/lib/http/route";
import { streamedUpload } from "@/lib/http/upload";

// POST /api/v1/runs/:id/results/:resultId/attachments — the file as the body, its name in X-File-Name (streamed: proxy.ts does not buffer it)
export const POST = withRoute<{ id: string; resultId: string }>({
  operation: operations.uploadResultAttachment,
  project: projectByRun,
  handler: async ({ params, actor, req }) => {
    if (!req.body) throw new BadRequest("Send the file as the request body.");
    return json(await attachToResult(actor, params.id, params.resultId, streamedUpload(req)), 201);
  },
});

// GET /api/v1/runs/:id/results/:resultId/attachments — the result's attachments and their history
export const GET = withRoute<{ id: string; resultId: string }>({
  operation: operations.listResultAttachments,
  project: projectByRun,
  handler: ({ params }) => listResultAttachments(params.id, params.resultId),
});
