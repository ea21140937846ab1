import { pipelineJsonSchema } from "@/lib/pipeline/json-schema";

let document: string | undefined;

// GET /api/v1/schemas/shiproom.json — the JSON Schema of shiproom.yaml (public: editors fetch it)
export function GET(): Response {
  document ??= JSON.stringify(pipelineJsonSchema());
  return new Response(document, { headers: { "content-type": "application/schema+json", "cache-control": "public, max-age=300" } });
}
