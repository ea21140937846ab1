import { describe, expect, test } from "vitest";
import { blockedAddress } from "./address";

describe("which addresses outgoing requests may reach", () => {
  test.each<[string, string | null]>([
    ["127.0.0.1", "a loopback address"],
    ["127.10.20.30", "a loopback address"],
    ["::1", "a loopback address"],
    ["10.1.2.3", "a private-network address"],
    ["172.16.5.4", "a private-network address"],
    ["192.168.1.10", "a private-network address"],
    ["fd12:3456::1", "a private-network address"],
    ["169.254.169.254", "a link-local address"],
    ["fe80::1", "a link-local address"],
    ["0.0.0.0", "an unspecified address"],
    ["::", "an unspecified address"],
    ["100.64.0.1", "a carrier-grade NAT address"],
    ["255.255.255.255", "a broadcast address"],
    ["224.0.0.1", "a multicast address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:10.0.0.1", "a private-network address"],
    ["198.18.0.1", "a reserved address"],
    ["8.8.8.8", null],
    ["2001:4860:4860::8888", null],
    ["not-an-ip", "not an IP address"],
  ])("%s → %s", (address, expected) => {
    expect(blockedAddress(address, [])).toBe(expected);
  });

  test("the configuration may allow named networks, and only those", () => {
    const allowed = ["127.0.0.0/8", "10.20.0.0/16"];
    expect(blockedAddress("127.0.0.1", allowed)).toBeNull();
    expect(blockedAddress("::ffff:127.0.0.1", allowed)).toBeNull();
    expect(blockedAddress("10.20.3.4", allowed)).toBeNull();
    expect(blockedAddress("10.21.3.4", allowed)).toBe("a private-network address");
    expect(blockedAddress("::1", allowed)).toBe("a loopback address");
    expect(blockedAddress("169.254.169.254", allowed)).toBe("a link-local address");
  });
});
