import { z } from "zod";
import { pipelineFileSchema } from "./schemas";

/** The published JSON Schema of shiproom.yaml (editors validate and complete with it). */
export function pipelineJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(pipelineFileSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>),
    $id: "https://shiproom.dev/schemas/shiproom.json",
    title: "shiproom.yaml",
    description: "A Shiproom project's pipeline as code: its environments in order and each one's policy.",
  };
}
