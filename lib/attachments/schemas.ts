import { z } from "zod";

/** An attachment as it is listed (never its bytes: `url` downloads them). */
export const attachmentSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string().describe("What its bytes are (sniffed, never taken from the name); application/octet-stream when not recognised"),
  inline: z.boolean().describe("PNG, JPEG, GIF or WebP: shown inline; anything else (SVG too) downloads as a file"),
  bytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string().describe("Who uploaded it"),
  uploadedById: z.uuid().nullable(),
  createdAt: z.string().describe("When it was uploaded (ISO 8601)"),
  url: z.string().describe("Where to download it: GET /api/v1/attachments/{id}"),
});
export type AttachmentDto = z.infer<typeof attachmentSchema>;

/** An attachment added or removed, as the result's (or case's) history lists it. */
const attachmentEventSchema = z.object({
  action: z.enum(["attached", "removed"]),
  fileName: z.string(),
  by: z.string(),
  at: z.string(),
});
export type AttachmentEventDto = z.infer<typeof attachmentEventSchema>;

export const attachmentListSchema = z.object({
  items: z.array(attachmentSchema).describe("Oldest first"),
  history: z.array(attachmentEventSchema).describe("Every attachment added and removed, oldest first"),
});
export type AttachmentListDto = z.infer<typeof attachmentListSchema>;
