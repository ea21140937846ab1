// The CLI's HTTP client: SHIPROOM_URL and SHIPROOM_TOKEN, problem+json turned into one readable
// error, and safe retries — every POST carries an Idempotency-Key, so a request retried after a
// dropped connection or a 502/503/504 is applied once.
import { randomUUID } from "node:crypto";

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export type Config = { url: string; token: string };

export function configFrom(env: Record<string, string | undefined>): Config {
  const url = env.SHIPROOM_URL?.trim();
  const token = env.SHIPROOM_TOKEN?.trim();
  if (!url) throw new CliError("Set SHIPROOM_URL to your Shiproom, e.g. https://shiproom.example.com", 2);
  if (!/^https?:\/\//.test(url)) throw new CliError(`SHIPROOM_URL must start with http:// or https:// (got ${url})`, 2);
  if (!token) throw new CliError("Set SHIPROOM_TOKEN to an API token (an admin makes one in the project's settings)", 2);
  return { url: url.replace(/\/+$/, ""), token };
}

type Problem = { title?: string; status?: number; detail?: string; errors?: { field: string; message: string }[] };

/** One line (plus a line per field) from a problem+json answer. */
function describeProblem(status: number, text: string): string {
  let problem: Problem = {};
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    return `HTTP ${status}: ${text.slice(0, 200) || "no answer body"}`;
  }
  const fields = problem.errors?.length
    ? problem.errors.map((e) => `\n  ${e.field === "file" ? "" : `${e.field}: `}${e.message}`).join("")
    : "";
  const detail = problem.errors?.length && problem.detail?.includes(problem.errors[0]!.message) ? "" : (problem.detail ?? "");
  return `${problem.title ?? `HTTP ${status}`} (${status})${detail ? `: ${detail}` : ""}${fields}`;
}

const RETRIABLE = new Set([502, 503, 504]);

export type RequestOptions = {
  json?: unknown;
  /** A body made fresh for each attempt (a file stream, a form of files). */
  body?: () => BodyInit | Promise<BodyInit>;
  headers?: Record<string, string>;
  query?: Record<string, string | undefined>;
};

export class ApiClient {
  constructor(
    private readonly config: Config,
    private readonly retryDelaysMs = [1000, 3000],
  ) {}

  url(path: string, query?: Record<string, string | undefined>): string {
    const url = new URL(`${this.config.url}/api/v1${path}`);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    return url.toString();
  }

  /** A request whose answer is text (YAML, JSON Lines, CSV), not JSON. */
  async text(method: "GET" | "POST", path: string, options: RequestOptions = {}): Promise<string> {
    return this.request<string>(method, path, { ...options, raw: true });
  }

  async request<T>(method: "GET" | "POST", path: string, options: RequestOptions & { raw?: boolean } = {}): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.config.token}`,
      accept: "application/json",
      "user-agent": "shiproom-cli/1",
      ...options.headers,
    };
    if (options.json !== undefined) headers["content-type"] = "application/json";
    if (method === "POST") headers["idempotency-key"] = randomUUID();
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.retryDelaysMs.length;
      let response: Response;
      try {
        response = await fetch(this.url(path, options.query), {
          method,
          headers,
          body: options.json !== undefined ? JSON.stringify(options.json) : await options.body?.(),
          duplex: "half",
        } as RequestInit);
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        if (!last) {
          await new Promise((resolve) => setTimeout(resolve, this.retryDelaysMs[attempt]));
          continue;
        }
        throw new CliError(`Cannot reach Shiproom at ${this.config.url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
      }
      const text = await response.text();
      if (RETRIABLE.has(response.status) && !last) {
        await new Promise((resolve) => setTimeout(resolve, this.retryDelaysMs[attempt]));
        continue;
      }
      if (!response.ok) throw new CliError(describeProblem(response.status, text));
      if (options.raw) return text as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new CliError(`Shiproom answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}`);
      }
    }
  }
}
