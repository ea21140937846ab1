import { describe, expect, test } from "vitest";
import { newSecret, seal, unseal } from "./secret-box";

const SECRET = "a-test-auth-secret-that-is-long-enough-0123456789";

describe("sealed secrets", () => {
  test("a sealed secret opens with the same AUTH_SECRET and reads nothing like the original", () => {
    const plain = newSecret("whsec_");
    const sealed = seal(plain, SECRET);
    expect(sealed).not.toContain(plain.slice(6, 20));
    expect(unseal(sealed, SECRET)).toBe(plain);
  });

  test("the same secret seals differently each time (a fresh IV)", () => {
    expect(seal("x", SECRET)).not.toBe(seal("x", SECRET));
  });

  test("another AUTH_SECRET or a changed byte cannot open it", () => {
    const sealed = seal("whsec_abc", SECRET);
    expect(() => unseal(sealed, `${SECRET}-rotated`)).toThrow();
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    expect(() => unseal([parts[0], parts[1], parts[2], body.toString("base64url")].join("."), SECRET)).toThrow();
    expect(() => unseal("garbage", SECRET)).toThrow(/not a sealed secret/);
  });
});
