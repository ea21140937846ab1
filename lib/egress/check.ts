// Whether a deploy target or webhook may be reached from this server, given its configuration:
// private networks only where SHIPROOM_PRIVATE_NETWORKS allows them, local repositories only
// under SHIPROOM_GIT_LOCAL_PATHS. Checked when a target is set, and again before every attempt
// (a name may resolve elsewhere later); lib/egress/fetch.ts also checks the address it connects to.
import "server-only";
import { lookup } from "node:dns/promises";
import fs from "node:fs";
import { env, type Env } from "@/lib/env";
import { blockedAddress, isIpLiteral } from "./address";
import { isInside, repositoryLocation } from "./targets";

export type EgressTarget = { url: string } | { repository: string };
export type EgressPolicy = Env["egress"];

/** Why the host may not be reached, or null. A name that does not resolve cannot be judged here: null. */
async function hostProblem(host: string, allowed: readonly string[]): Promise<string | null> {
  const bare = host.replace(/^\[|\]$/g, "");
  if (isIpLiteral(bare)) {
    const why = blockedAddress(bare, allowed);
    return why ? `${bare} is ${why}` : null;
  }
  let addresses: { address: string }[];
  try {
    addresses = await lookup(bare, { all: true, verbatim: true });
  } catch {
    return null;
  }
  for (const { address } of addresses) {
    const why = blockedAddress(address, allowed);
    if (why) return `${bare} resolves to ${address}, ${why}`;
  }
  return null;
}

/** Where a path really is (symbolic links followed); a path not there yet is judged as written. */
function realPath(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

const PRIVATE_HINT = "Shiproom does not reach private networks unless SHIPROOM_PRIVATE_NETWORKS allows them";

/** Why this server may not send to the target, or null when it may. */
export async function egressProblem(target: EgressTarget, policy: EgressPolicy = env().egress): Promise<string | null> {
  if ("url" in target) {
    let host: string;
    try {
      host = new URL(target.url).hostname;
    } catch {
      return "not a valid URL";
    }
    const why = await hostProblem(host, policy.privateNetworks);
    return why ? `${why}: ${PRIVATE_HINT}` : null;
  }
  const location = repositoryLocation(target.repository);
  if (location.kind === "unsupported") return location.reason;
  if (location.kind === "local") {
    const roots = policy.gitLocalPaths.map(realPath);
    const real = realPath(location.path);
    if (!roots.some((root) => isInside(real, root)))
      return roots.length
        ? `local repositories must be under ${roots.join(" or ")} (SHIPROOM_GIT_LOCAL_PATHS)`
        : "local repositories are not allowed on this server (SHIPROOM_GIT_LOCAL_PATHS)";
    return null;
  }
  const why = await hostProblem(location.host, policy.privateNetworks);
  return why ? `${why}: ${PRIVATE_HINT}` : null;
}
