// A real HTTP receiver on localhost for webhook tests: it records every request and answers
// with the status codes it is given, in order (the last one repeats).
import http from "node:http";
import type { AddressInfo } from "node:net";

type Received = { headers: http.IncomingHttpHeaders; body: string; at: number };

export type Receiver = {
  url: string;
  received: Received[];
  /** Answers to come, in order; the last one repeats. */
  answers: number[];
  close: () => Promise<void>;
};

export async function startReceiver(answers: number[] = [200], port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const receiver = { received, answers: [...answers] } as Receiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const status = receiver.answers.length > 1 ? receiver.answers.shift()! : (receiver.answers[0] ?? 200);
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "try again later");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
