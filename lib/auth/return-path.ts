// Where a visitor goes back to after signing in. The proxy (proxy.ts) hands each page request's
// own path and query to the page in a request header, so that every page that needs a member
// sends a stranger to sign in with the very address they asked for, query and all, without each
// page spelling its address out.

/** The request header holding a page request's path and query, set by the proxy for every page. */
export const RETURN_PATH_HEADER = "x-shiproom-return-path";

/** Only a path of this site (not `//host` nor `/\host`, which browsers read as another site); else `/`. */
export function safeReturnPath(value: unknown): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}

/** The sign-in page's address, coming back to `returnPath` (a page's path and query) after. */
export function signInPath(returnPath: string | null): string {
  return returnPath ? `/sign-in?callbackUrl=${encodeURIComponent(safeReturnPath(returnPath))}` : "/sign-in";
}
