import { describe, expect, test } from "vitest";
import { sign, signatureHeader, verifySignature } from "./signature";

const secret = "whsec_test";
const body = '{"type":"deployment.deploy"}';
const now = new Date("2026-11-25T12:00:00Z");

describe("webhook signatures", () => {
  test("the header carries the timestamp and an HMAC-SHA256 over timestamp and body", () => {
    const header = signatureHeader(secret, body, now);
    const t = Math.floor(now.getTime() / 1000);
    expect(header).toBe(`t=${t},v1=${sign(secret, t, body)}`);
    // Known answer, computed once outside this module (node -e with createHmac).
    expect(sign(secret, 1764072000, body)).toBe("4336a84b0d5d5901e0128f935ec4db52f5ce863682ef5d333e699714b5db12ae");
    expect(sign(secret, 1764072000, body)).not.toBe(sign(secret, 1764072001, body));
  });

  test.each([
    ["a good signature", (h: string) => h, body, secret, 0, true],
    ["another body", (h: string) => h, `${body} `, secret, 0, false],
    ["another secret", (h: string) => h, body, "whsec_other", 0, false],
    ["a replay ten minutes later", (h: string) => h, body, secret, 600, false],
    ["a tampered digest", (h: string) => h.replace(/v1=./, "v1=0"), body, secret, 0, false],
    ["no v1 part", (h: string) => h.split(",")[0]!, body, secret, 0, false],
  ])("verification: %s", (_name, mangle, received, key, laterS, ok) => {
    const header = mangle(signatureHeader(secret, body, now));
    const result = verifySignature(key, header, received, new Date(now.getTime() + laterS * 1000));
    expect(result.ok).toBe(ok);
  });

  test("a missing header is refused with the reason", () => {
    expect(verifySignature(secret, null, body, now)).toEqual({ ok: false, reason: "no signature header" });
  });
});
