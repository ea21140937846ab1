// The address a request really came from. Next fills `x-forwarded-for` with the socket's address
// only when the client sent none, so a client can claim any address through that header. Each
// request is stamped here, before Next sees it, with the address of the socket it arrived on,
// replacing whatever the client sent under that name; lib/auth/origin.ts then trusts
// `x-forwarded-for` only from the proxies SHIPROOM_TRUSTED_PROXIES names.
import http from "node:http";
import { PEER_HEADER } from "@/lib/auth/origin";

const store = globalThis as typeof globalThis & { __shiproomPeerStamp?: boolean };

/** Patches this process's HTTP servers once; call before requests arrive (instrumentation.ts). */
export function stampPeerAddresses(): void {
  if (store.__shiproomPeerStamp) return;
  store.__shiproomPeerStamp = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
