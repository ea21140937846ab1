// problem+json (RFC 9457) responses, with field messages in `errors`.
import type { FieldError } from "./errors";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
};

export function problemResponse(status: number, title: string, detail: string, errors?: FieldError[]): Response {
  const body: Problem = { type: "about:blank", title, status, detail, ...(errors?.length ? { errors } : {}) };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store" },
  });
}
