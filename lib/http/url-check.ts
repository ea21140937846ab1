// Addresses that no route can read: a path or query with malformed percent-encoding (`%`, `%ZZ`,
// an encoded byte sequence that is not UTF-8 such as `%C0%AE` or an encoded surrogate `%ED%A0%80`),
// or one that decodes to U+0000, which PostgreSQL cannot store or compare. Checked once, before
// routing (proxy.ts), so each is answered 400 instead of failing wherever it lands.

function decodes(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** Why this URL's path or query cannot be read, or null when it can. */
export function unreadableUrl(rawPath: string, rawQuery: string): string | null {
  for (const segment of rawPath.split("/")) {
    const decoded = decodes(segment);
    if (decoded === null) return `The path has malformed percent-encoding: "${segment.slice(0, 40)}"`;
    if (decoded.includes("\u0000")) return "The path contains an encoded NUL (%00)";
  }
  for (const pair of rawQuery.replace(/^\?/, "").split("&")) {
    if (!pair) continue;
    const decoded = decodes(pair.replace(/\+/g, " "));
    if (decoded === null) return `The query has malformed percent-encoding: "${pair.slice(0, 40)}"`;
    if (decoded.includes("\u0000")) return "The query contains an encoded NUL (%00)";
  }
  return null;
}
