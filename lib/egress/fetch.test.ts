import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startReceiver, type Receiver } from "@/lib/testing/receiver";
import { EgressRefused, egressFetch } from "./fetch";

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver([200]);
});
afterAll(() => receiver.close());

const causeOf = (error: unknown) => (error as { cause?: unknown }).cause ?? error;

describe("sending to configured addresses", () => {
  test("a name that resolves to loopback is refused when it connects, unless loopback is allowed", async () => {
    const byName = receiver.url.replace("127.0.0.1", "localhost");
    const before = receiver.received.length;
    const refused = await egressFetch(byName, { method: "POST", body: "{}" }, []).catch((error: unknown) => error);
    expect(causeOf(refused)).toBeInstanceOf(EgressRefused);
    expect((causeOf(refused) as Error).message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
    expect(receiver.received).toHaveLength(before);

    const sent = await egressFetch(byName, { method: "POST", body: "{}" }, ["127.0.0.0/8", "::1/128"]);
    expect(sent.status).toBe(200);
    expect(receiver.received.length).toBe(before + 1);
  });

  test("an address written as an IP is refused before any connection", async () => {
    const before = receiver.received.length;
    await expect(egressFetch(receiver.url, {}, [])).rejects.toThrow(new EgressRefused("127.0.0.1 is a loopback address"));
    await expect(egressFetch("http://[::ffff:7f00:1]:9/x", {}, [])).rejects.toBeInstanceOf(EgressRefused);
    expect(receiver.received).toHaveLength(before);
  });
});
