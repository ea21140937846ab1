import contentDisposition from "content-disposition";
import { operations } from "@/lib/api/operations";
import { openAttachment, removeAttachment } from "@/lib/attachments/store";
import { projectByAttachment } from "@/lib/http/project-of";
import { withRoute } from "@/lib/http/route";

// GET /api/v1/attachments/:id — the bytes, streamed chunk by chunk: images inline, anything else to download
export const GET = withRoute<{ id: string }>({
  operation: operations.downloadAttachment,
  project: projectByAttachment,
  handler: async ({ params }) => {
    const { attachment, body } = await openAttachment(params.id);
    return new Response(body, {
      headers: {
        "content-type": attachment.inline ? attachment.contentType : "application/octet-stream",
        "content-length": String(attachment.bytes),
        // Headers are ASCII: a name outside it goes in filename* (RFC 6266), with an ASCII stand-in in filename.
        "content-disposition": contentDisposition(attachment.fileName, {
          type: attachment.inline ? "inline" : "attachment",
          fallback: attachment.fileName.replace(/[^\x20-\x7e]/g, "_"),
        }),
        "x-content-type-options": "nosniff",
        // Opened on its own, it runs nothing and embeds nothing.
        "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        "cache-control": "private, no-cache",
        etag: `"${attachment.sha256}"`,
      },
    });
  },
});

// DELETE /api/v1/attachments/:id — who uploaded it, or an admin
export const DELETE = withRoute<{ id: string }>({
  operation: operations.removeAttachment,
  project: projectByAttachment,
  handler: ({ actor, params }) => removeAttachment(actor, params.id),
});
