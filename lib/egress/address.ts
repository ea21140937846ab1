// Which network addresses Shiproom's outgoing requests may reach. A webhook, deploy hook or git
// remote that resolves to loopback, a private network or link-local (cloud metadata at
// 169.254.169.254) would let whoever sets it make the server reach inside its own network (SSRF),
// so only public unicast addresses are reached, plus the networks the configuration names.
import ipaddr from "ipaddr.js";

const KINDS: Partial<Record<string, string>> = {
  loopback: "a loopback address",
  private: "a private-network address",
  uniqueLocal: "a private-network address",
  linkLocal: "a link-local address",
  unspecified: "an unspecified address",
  carrierGradeNat: "a carrier-grade NAT address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
};

/**
 * Why `address` may not be reached ("a loopback address"), or null when it may: a public unicast
 * address, or one inside `allowed` (CIDRs). IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function blockedAddress(address: string, allowed: readonly string[]): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  const ip = ipaddr.process(address);
  for (const cidr of allowed) {
    const [network, bits] = ipaddr.parseCIDR(cidr);
    if (network.kind() === ip.kind() && ip.match(network, bits)) return null;
  }
  const range = ip.range();
  if (range === "unicast") return null;
  return KINDS[range] ?? "a reserved address";
}

export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[|\]$/g, ""));
}
