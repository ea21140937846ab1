import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, test } from "vitest";
import { openApiDocument } from "./openapi";
import { operations } from "./operations";

const API = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every route file under app/api/v1 with the operations its handlers are built from. */
function routeFiles(dir = API): { file: string; path: string; uses: { method: string; op: string }[] }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const source = fs.readFileSync(full, "utf8");
    const route = `/${path.relative(API, dir)}`.replace(/\[(\w+)\]/g, "{$1}");
    const uses = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b[^]*?operation: operations\.(\w+)/g)].map(
      ([, method, op]) => ({
        method: method!,
        op: op!,
      }),
    );
    return [{ file: path.relative(API, full), path: route, uses }];
  });
}

describe("the OpenAPI document", () => {
  const doc = openApiDocument("http://localhost:3000");

  test("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  test("every route handler is built from an operation at its own method and path, and every operation has one handler", () => {
    const files = routeFiles().filter((f) => f.path !== "/openapi.json");
    const used = new Map<string, string>();
    for (const file of files) {
      const exported = (fs.readFileSync(path.join(API, file.file), "utf8").match(/export const (GET|POST|PUT|PATCH|DELETE)\b/g) ?? [])
        .length;
      expect(file.uses.length, `${file.file}: each exported handler names its operation`).toBe(exported);
      for (const { method, op } of file.uses) {
        const operation = operations[op as keyof typeof operations];
        expect(operation, `${file.file} uses operations.${op}`).toBeDefined();
        expect(`${operation.method} ${operation.path}`, file.file).toBe(`${method} ${file.path}`);
        expect(used.has(op), `operations.${op} is used by one handler only`).toBe(false);
        used.set(op, file.file);
      }
    }
    expect([...used.keys()].sort()).toEqual(Object.keys(operations).sort());
  });

  test("request bodies are the schemas the mutations validate with", () => {
    const create = doc.paths["/projects/{slug}/releases"]!.post as { requestBody: { content: Record<string, { schema: unknown }> } };
    expect(create.requestBody.content["application/json"]!.schema).toMatchObject({
      type: "object",
      required: ["version", "commitSha"],
      properties: { version: { maxLength: 100 }, commitSha: { type: "string" }, artifactRef: { type: "string" } },
    });
    const report = doc.paths["/promotions/{id}/report"]!.post as { requestBody: { content: Record<string, { schema: unknown }> } };
    expect(report.requestBody.content["application/json"]!.schema).toMatchObject({
      properties: { status: { enum: ["deploying", "succeeded", "failed"] } },
    });
  });

  test("each operation says which token scope it needs, or that tokens are refused", () => {
    const get = (p: string, m: string) => doc.paths[p]![m] as { security: unknown[]; description: string };
    expect(get("/projects/{slug}/releases", "post").security).toEqual([{ session: [] }, { token: ["releases:write"] }]);
    expect(get("/promotions/{id}/approve", "post").security).toEqual([{ session: [] }]);
    expect(get("/promotions/{id}/approve", "post").description).toContain("People only");
  });

  test("uploads take XML, or the report with its files as multipart, and name their query parameters", () => {
    const upload = doc.paths["/projects/{slug}/results"]!.post as {
      requestBody: { content: Record<string, unknown> };
      parameters: { name: string; in: string; required: boolean }[];
    };
    expect(Object.keys(upload.requestBody.content)).toEqual(["application/xml", "multipart/form-data"]);
    expect(upload.requestBody.content["multipart/form-data"]).toMatchObject({ schema: { type: "object", required: ["report"] } });
    expect(upload.parameters.filter((p) => p.in === "query").map((p) => [p.name, p.required])).toEqual([
      ["release", true],
      ["environment", true],
      ["run", false],
      ["upload", false],
    ]);
    expect(upload.parameters.some((p) => p.name === "Idempotency-Key")).toBe(true);
  });

  test("a comment's body and a result's note say how to mention a member", () => {
    const property = (path: string, method: "post" | "put", field: string) => {
      const op = doc.paths[path]![method] as {
        requestBody: { content: { "application/json": { schema: { properties: Record<string, { description?: string }> } } } };
      };
      return op.requestBody.content["application/json"].schema.properties[field]?.description;
    };
    expect(property("/projects/{slug}/releases/{version}/comments", "post", "body")).toContain("`@[Name](member:<member id>)`");
    expect(property("/runs/{id}/results/{resultId}", "put", "note")).toContain("`@[Name](member:<member id>)`");
  });
});
