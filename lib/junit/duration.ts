// A testcase's `time` attribute, in seconds as reporters write it: "0.160", "0,160" (a decimal
// comma, from a JVM in a German locale), "1,234.5" or "1.234,5" (thousands grouped), "1.5e-3".

/** A duration this long is not a test's: it is a timestamp or a broken clock (and would overflow the column). */
const MAX_DURATION_SECONDS = 24 * 60 * 60;

const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const COMMA_DECIMAL = /^[+-]?\d+,\d+(?:e[+-]?\d+)?$/i;
const COMMA_GROUPS = /^[+-]?(\d{1,3})((?:,\d{3})+)(\.\d+)?$/;
const DOT_GROUPS = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
// Spaces (also no-break ones) and apostrophes group thousands in French and Swiss locales; never decimals.
const OTHER_GROUPS = /^[+-]?\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?$/;

export type Duration = { ms: number | null; problem: string | null };

function secondsOf(text: string): number | "ambiguous" | null {
  if (PLAIN.test(text)) return Number(text);
  const grouped = COMMA_GROUPS.exec(text);
  if (grouped) {
    const [, lead, groups, fraction] = grouped;
    // "0,160": a thousands group never follows a leading 0, so the comma is decimal.
    if (lead!.startsWith("0")) return groups!.length === 4 && !fraction ? Number(text.replace(",", ".")) : null;
    // "1,234": 1.234 s with a decimal comma, or 1234 s with a thousands separator.
    if (groups!.length === 4 && !fraction) return "ambiguous";
    return Number(text.replace(/,/g, ""));
  }
  if (COMMA_DECIMAL.test(text)) return Number(text.replace(",", "."));
  if (DOT_GROUPS.test(text)) return Number(text.replace(/\./g, "").replace(",", "."));
  if (OTHER_GROUPS.test(text)) return Number(text.replace(/[ \u00a0\u202f']/g, "").replace(",", "."));
  return null;
}

/** Whole milliseconds, or no duration and why (absent or empty is neither a duration nor a problem). */
export function durationOf(raw: string | undefined): Duration {
  const text = raw?.trim() ?? "";
  if (text === "") return { ms: null, problem: null };
  const seconds = secondsOf(text);
  if (seconds === "ambiguous") return { ms: null, problem: "is ambiguous (a decimal comma or a thousands separator)" };
  if (seconds === null) return { ms: null, problem: "is not a number of seconds" };
  if (!Number.isFinite(seconds)) return { ms: null, problem: "is not a finite number" };
  if (seconds < 0) return { ms: null, problem: "is negative" };
  if (seconds >= MAX_DURATION_SECONDS) return { ms: null, problem: "is 24 hours or more" };
  return { ms: Math.round(seconds * 1000), problem: null };
}
