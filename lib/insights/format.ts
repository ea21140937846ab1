/** A duration in seconds as people read it: "45 min", "12 h", "2.5 days". */
export function formatSeconds(seconds: number): string {
  if (seconds < 59.5) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86400) * 10) / 10} days`;
}

/** Deployments per day as people read it: "3.2 a day", "4 a week", "1 a month". */
export function formatFrequency(perDay: number): string {
  if (perDay === 0) return "none";
  if (perDay >= 1) return `${Math.round(perDay * 10) / 10} a day`;
  if (perDay >= 1 / 7) return `${Math.round(perDay * 7 * 10) / 10} a week`;
  return `${Math.round(perDay * 30 * 10) / 10} a month`;
}

/** A test's duration in milliseconds as people read it: "850 ms", "1.05 s", "2.5 min". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 10) / 100} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}
