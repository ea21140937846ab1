// The one way Shiproom sends HTTP requests to addresses people configure (webhooks, deploy hooks):
// the address actually connected to is checked, after DNS, so a name that resolves to a private
// address at send time (DNS rebinding) is refused like one that did when it was set.
import "server-only";
import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import { Agent, fetch, type RequestInit, type Response } from "undici";
import { env } from "@/lib/env";
import { blockedAddress, isIpLiteral } from "./address";

export class EgressRefused extends Error {
  override name = "EgressRefused";
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const guardedLookup =
  (allowed: readonly string[]) =>
  (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const why = blockedAddress(address, allowed);
        if (why) return callback(new EgressRefused(`${hostname} resolves to ${address}, ${why}`), []);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

// One connection pool per allowed-networks setting (in practice, the configuration's one).
const store = globalThis as typeof globalThis & { __shiproomEgressAgents?: Map<string, Agent> };

/** fetch, refusing addresses outside the public internet and `allowed` (CIDRs) before connecting. */
export async function egressFetch(
  url: string,
  init: RequestInit = {},
  allowed: readonly string[] = env().egress.privateNetworks,
): Promise<Response> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (isIpLiteral(host)) {
    const why = blockedAddress(host, allowed);
    if (why) throw new EgressRefused(`${host} is ${why}`);
  }
  const agents = (store.__shiproomEgressAgents ??= new Map());
  const key = allowed.join(",");
  if (!agents.has(key)) agents.set(key, new Agent({ connect: { lookup: guardedLookup(allowed) } }));
  return fetch(url, { ...init, dispatcher: agents.get(key) });
}
