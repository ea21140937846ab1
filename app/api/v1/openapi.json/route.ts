import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";

// The document only changes with the code: made once per server process.
let document: string | undefined;

// GET /api/v1/openapi.json — the API's OpenAPI 3.1 document (public: it describes, it holds no data)
export function GET(): Response {
  document ??= JSON.stringify(openApiDocument(env().publicUrl));
  return new Response(document, { headers: { "content-type": "application/json", "cache-control": "public, max-age=300" } });
}
