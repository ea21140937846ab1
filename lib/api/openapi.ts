// The OpenAPI 3.1 document of /api/v1, generated from lib/api/operations.ts: the same entries
// the route handlers are built from, with the zod schemas the mutations validate input with.
import { z } from "zod";
import { scopeDescriptions, TOKEN_SCOPES } from "@/lib/auth/scopes";
import type { Operation } from "@/lib/http/operation";
import { operations } from "./operations";

type JsonSchema = Record<string, unknown>;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a client sends: the schema's input side. */
export function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

function outputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const problem = {
  description: "An error, as application/problem+json (RFC 9457), with a message per field where fields are at fault",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

const errorAnswers: Record<string, string> = {
  "400": "The body cannot be read (not JSON)",
  "401": "Not signed in, or the API token is wrong, revoked or expired",
  "403": "Not allowed (a role, separation of duties, or a token scope); the detail says why",
  "404": "Not found, or not visible to the caller",
  "409": "Conflicts with the current state (a taken version, an invalid transition, a stale version)",
  "422": "Invalid input: `errors` names each field",
};

function parameters(op: Operation) {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
    ...(name === "slug" ? { description: "The project's slug, or its key (CHK)" } : {}),
  }));
  const query = op.query
    ? Object.entries((inputSchema(op.query).properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({
        name,
        in: "query",
        required: ((inputSchema(op.query!).required as string[] | undefined) ?? []).includes(name),
        schema,
        ...(schema.description ? { description: schema.description } : {}),
      }))
    : [];
  const idempotency =
    op.method === "POST"
      ? [
          {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            schema: { type: "string", maxLength: 255 },
            description: "A retry with the same key gets the first answer again and changes nothing more (kept 24 hours)",
          },
        ]
      : [];
  return [...path, ...query, ...idempotency];
}

function operationObject(op: Operation) {
  const security = op.public ? [] : op.scope ? [{ session: [] }, { token: [op.scope] }] : [{ session: [] }];
  const description = [
    op.description,
    op.public
      ? "Public: no sign-in; the request's token is checked."
      : op.scope
        ? `API tokens need the \`${op.scope}\` scope.`
        : "People only: API tokens are refused (403).",
  ]
    .filter(Boolean)
    .join("\n\n");
  const body = op.body
    ? { required: true, content: { "application/json": { schema: inputSchema(op.body) } } }
    : op.rawBody
      ? {
          required: true,
          description: op.rawBody.description,
          content: {
            [op.rawBody.contentType]: { schema: { type: "string" } },
            ...(op.rawBody.multipart ? { "multipart/form-data": { schema: op.rawBody.multipart } } : {}),
          },
        }
      : undefined;
  const success = {
    description: op.response.description,
    ...(op.response.schema
      ? { content: { "application/json": { schema: outputSchema(op.response.schema) } } }
      : { content: { [op.response.contentType ?? "application/json"]: {} } }),
  };
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    description,
    security,
    parameters: parameters(op),
    ...(body ? { requestBody: body } : {}),
    responses: {
      [String(op.response.status)]: success,
      ...Object.fromEntries(
        (op.otherResponses ?? []).map((r) => [String(r.status), { description: r.description, content: { "application/json": {} } }]),
      ),
      ...Object.fromEntries(Object.entries(errorAnswers).map(([status, text]) => [status, { ...problem, description: text }])),
    },
  };
}

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of Object.values(operations) as Operation[]) {
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = operationObject(op);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Shiproom API",
      version: "1",
      description:
        "Releases, promotions, deployments and test results for CI/CD pipelines. Authenticate with an API token " +
        "(`Authorization: Bearer shr_…`, made by an admin in a project's settings) or a signed-in session.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    tags: [...new Set(Object.values(operations).map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        token: {
          type: "http",
          scheme: "bearer",
          description: `A project's API token. Scopes: ${TOKEN_SCOPES.map((s) => `\`${s}\` (${scopeDescriptions[s]})`).join("; ")}.`,
        },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "A signed-in person's session" },
      },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "detail"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            errors: {
              type: "array",
              items: {
                type: "object",
                required: ["field", "message"],
                properties: {
                  field: { type: "string" },
                  message: { type: "string" },
                  line: { type: "integer", description: "Where in an uploaded JUnit report, when known" },
                  column: { type: "integer" },
                },
              },
            },
          },
        },
      },
    },
  };
}
