// "1 case", "3 cases", "1,200 cases" — a count with its noun, for the app, the API's messages and the
// CLI (so it imports nothing). Every noun it is given forms its plural with "s".

/** `count` written with thousands separators, and the noun singular when the count is exactly 1. */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en")} ${noun}${count === 1 ? "" : "s"}`;
}
