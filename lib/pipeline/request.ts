import type { NextRequest } from "next/server";
import { PayloadTooLarge } from "@/lib/junit/import";
import { MAX_FILE_BYTES } from "./parse";

/** A shiproom.yaml sent as a request body, refused when larger than the cap. */
export async function pipelineText(req: NextRequest): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_FILE_BYTES) throw new PayloadTooLarge(`shiproom.yaml is larger than ${MAX_FILE_BYTES / 1024} KB.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) throw new PayloadTooLarge(`shiproom.yaml is larger than ${MAX_FILE_BYTES / 1024} KB.`);
  return text;
}
