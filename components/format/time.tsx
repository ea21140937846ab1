"use client";
import { useSyncExternalStore } from "react";
import { relativeTime } from "@/lib/format/time";

// One clock for every TimeAgo on the page, ticking each minute. The server renders the same words
// (its clock, to the second) so that a reload does not flash an exact date before "3 minutes ago".
let minute = Date.now();
function subscribe(onTick: () => void) {
  const timer = setInterval(() => {
    minute = Date.now();
    onTick();
  }, 60_000);
  return () => clearInterval(timer);
}
const serverNow = () => (typeof window === "undefined" ? Math.floor(Date.now() / 1000) * 1000 : minute);

/** "3 minutes ago", with the exact time on hover; for what has happened (an event newer than the clock's last tick is "just now"). */
export function TimeAgo({ iso }: { iso: string }) {
  const now = useSyncExternalStore(subscribe, () => minute, serverNow);
  const exact = new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
  return (
    <time dateTime={iso} title={exact} suppressHydrationWarning>
      {relativeTime(iso, Math.max(now, Date.parse(iso)))}
    </time>
  );
}
