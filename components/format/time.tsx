"use client";
import { useSyncExternalStore } from "react";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

// One clock for every TimeAgo on the page, ticking each minute; null while rendering on the server.
let minute = Date.now();
function subscribe(onTick: () => void) {
  const timer = setInterval(() => {
    minute = Date.now();
    onTick();
  }, 60_000);
  return () => clearInterval(timer);
}

/** "3 minutes ago", with the exact time on hover. */
export function TimeAgo({ iso }: { iso: string }) {
  const now = useSyncExternalStore(
    subscribe,
    () => minute,
    () => null,
  );
  const exact = new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
  return (
    <time dateTime={iso} title={exact} suppressHydrationWarning>
      {now === null ? exact : relativeTime(iso, now)}
    </time>
  );
}
