import { describe, expect, test } from "vitest";
import { readUnsubscribeToken, unsubscribeToken } from "./unsubscribe";

const SECRET = "unit-tests-only-secret-0123456789abcdef";
const MEMBER = "0194f1c2-0000-7000-8000-000000000001";
const OTHER = "0194f1c2-0000-7000-8000-000000000002";

describe("unsubscribe tokens", () => {
  test("a token names its member and kind", () => {
    expect(readUnsubscribeToken(unsubscribeToken(MEMBER, "approval.waiting", SECRET), SECRET)).toEqual({
      memberId: MEMBER,
      kind: "approval.waiting",
    });
  });

  test("one cannot be made for another member or kind, nor with another secret", () => {
    const token = unsubscribeToken(MEMBER, "approval.waiting", SECRET);
    const [, signature] = token.split(".");
    for (const payload of [`${OTHER} approval.waiting`, `${MEMBER} promotion.decided`]) {
      expect(readUnsubscribeToken(`${Buffer.from(payload).toString("base64url")}.${signature}`, SECRET)).toBeNull();
    }
    expect(readUnsubscribeToken(token, `${SECRET}-rotated`)).toBeNull();
    expect(readUnsubscribeToken("garbage", SECRET)).toBeNull();
    expect(readUnsubscribeToken(`${token}.extra`, SECRET)).toBeNull();
  });
});
