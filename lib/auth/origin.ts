// Where a request came from, for the audit trail, the list of sessions and rate limits. The
// socket's address (stamped by lib/server/peer-address.ts) is the client, unless it is a proxy
// the configuration trusts: then X-Forwarded-For is read from the right, past every trusted
// proxy, to the first address that is not one. A client cannot choose its address by sending
// the header itself.
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";
import type { Origin } from "./actor";

/** The header lib/server/peer-address.ts stamps on each request: the address of its socket. */
export const PEER_HEADER = "x-shiproom-peer";

function normal(address: string): string | null {
  const bare = address.trim().replace(/^\[|\]$/g, "");
  return ipaddr.isValid(bare) ? ipaddr.process(bare).toString() : null;
}

function within(address: string, networks: readonly string[]): boolean {
  const ip = ipaddr.process(address);
  return networks.some((cidr) => {
    const [network, bits] = ipaddr.parseCIDR(cidr);
    return network.kind() === ip.kind() && ip.match(network, bits);
  });
}

/** The client's address: the socket's, or past the trusted proxies in X-Forwarded-For. */
export function clientAddress(h: Headers, trusted: readonly string[] = env().trustedProxies): string | undefined {
  const peer = normal(h.get(PEER_HEADER) ?? "");
  if (!peer) return undefined;
  if (!within(peer, trusted)) return peer;
  const chain = (h.get("x-forwarded-for") ?? "").split(",").map(normal);
  let client = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i];
    if (!hop) break;
    client = hop;
    if (!within(hop, trusted)) break;
  }
  return client;
}

/**
 * The client a limit counts by, for an address: an IPv6 address by its /64 (one subscriber is
 * given a whole /64 and may use any address in it: RFC 6177, RFC 7934), every loopback address
 * as one (127.0.0.0/8 and ::1 are the same machine), an IPv4 address as itself. Anything that
 * is not an address is its own key.
 */
export function limitKeyOf(address: string): string {
  const bare = address.trim().replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return address;
  const ip = ipaddr.process(bare);
  if (ip.range() === "loopback") return "loopback";
  if (ip.kind() === "ipv4") return ip.toString();
  return `${(ip as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(":")}::/64`;
}

/** Where a request came from, for the audit trail and the list of sessions. */
export function originOf(h: Headers): Origin {
  return {
    ip: clientAddress(h),
    userAgent: h.get("user-agent")?.slice(0, 200) || undefined,
    requestId: h.get("x-request-id") || undefined,
  };
}
