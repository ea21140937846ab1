// Next runs this before every page (it only looks for the file here): each page gets a fresh
// nonce and the Content-Security-Policy that allows only scripts carrying it (lib/http/csp.ts).
// Next reads the nonce from the request's policy and puts it on its own scripts.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/http/csp";

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  // eslint-disable-next-line no-process-env -- Next's own build marker, not configuration
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the API, Next's static files, or prefetches (which carry no scripts of their own).
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon|apple-icon).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
