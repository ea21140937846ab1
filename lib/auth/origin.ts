import type { Origin } from "./actor";

/** Where a request came from, for the audit trail and the list of sessions. */
export function originOf(h: Headers): Origin {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: forwarded || h.get("x-real-ip") || undefined,
    userAgent: h.get("user-agent")?.slice(0, 200) || undefined,
    requestId: h.get("x-request-id") || undefined,
  };
}
