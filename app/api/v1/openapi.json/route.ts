import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";

// GET /api/v1/openapi.json — the API's OpenAPI 3.1 document (public: it describes, it holds no data)
export function GET(): Response {
  return Response.json(openApiDocument(env().publicUrl), { headers: { "cache-control": "public, max-age=300" } });
}
