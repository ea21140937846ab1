import { describe, expect, test } from "vitest";
import { unreadableUrl } from "./url-check";

describe("addresses no route can read", () => {
  test.each<[string, string, RegExp | null]>([
    ["/api/v1/projects/%C0%AE/board", "", /malformed percent-encoding: "%C0%AE"/],
    ["/api/v1/projects/%ED%A0%80", "", /malformed percent-encoding/],
    ["/api/v1/projects/%", "", /malformed percent-encoding: "%"/],
    ["/api/v1/projects/%ZZ", "", /malformed percent-encoding/],
    ["/api/v1/projects/a%00b", "", /encoded NUL/],
    ["/api/v1/audit/export", "?action=%00", /query contains an encoded NUL/],
    ["/api/v1/audit", "?actor=%E0%A4%A", /query has malformed percent-encoding/],
    ["/api/v1/projects/caf%C3%A9", "?q=%F0%9F%9A%80+launch&page=2", null],
    ["/projects/checkout-service/releases/v1.4.0%2Bbuild.5", "", null],
    ["/", "", null],
  ])("%s%s", (path, query, expected) => {
    const why = unreadableUrl(path, query);
    if (expected === null) expect(why).toBeNull();
    else expect(why).toMatch(expected);
  });
});
