// Drives many keep-alive clients against a running Shiproom and counts the requests that got no
// answer: a connection reset, a socket closed mid-answer, a timeout. Each client keeps one
// connection and pauses between requests: half the pauses are short, half end within 0.3 s of
// 5 s, just as a server with Node's default keep-alive timeout (5 s) closes an idle connection —
// the moment a reused connection is reset. Used by the load test and `npm run bench`.
import http from "node:http";

export type ProbeRequest = { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: () => string };
export type ProbeResult = {
  requests: number;
  answered: Record<string, number>;
  /** Requests that got no HTTP answer, by error code. */
  unanswered: Record<string, number>;
  /** 503 answers without Retry-After (a refusal must say when to come back). */
  refusedWithoutRetryAfter: number;
};

function once(agent: http.Agent, base: URL, request: ProbeRequest, timeoutMs: number): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const body = request.body?.();
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers: { ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}), ...request.headers },
        timeout: timeoutMs,
      },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] as string | undefined }));
        res.on("error", reject);
        res.on("aborted", () => reject(Object.assign(new Error("answer cut off"), { code: "ABORTED" })));
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "TIMEOUT" })));
    req.on("error", reject);
    req.end(body);
  });
}

/** `clients` loops of `pick()` requests for `seconds`, each with its own keep-alive connection. */
export async function probe(options: {
  baseUrl: string;
  clients: number;
  seconds: number;
  pick: (client: number, n: number) => ProbeRequest;
  timeoutMs?: number;
}): Promise<ProbeResult> {
  const base = new URL(options.baseUrl);
  const result: ProbeResult = { requests: 0, answered: {}, unanswered: {}, refusedWithoutRetryAfter: 0 };
  const until = Date.now() + options.seconds * 1000;
  const pause = () => (Math.random() < 0.5 ? Math.random() * 1000 : 4700 + Math.random() * 600);
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let n = 0; Date.now() < until; n++) {
        result.requests++;
        try {
          const { status, retryAfter } = await once(agent, base, options.pick(client, n), options.timeoutMs ?? 60_000);
          result.answered[status] = (result.answered[status] ?? 0) + 1;
          if (status === 503 && !retryAfter) result.refusedWithoutRetryAfter++;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
          result.unanswered[code] = (result.unanswered[code] ?? 0) + 1;
        }
        await new Promise((resolve) => setTimeout(resolve, pause()));
      }
      agent.destroy();
    }),
  );
  return result;
}
