"use client";
import { useSyncExternalStore } from "react";
import { relativeTime } from "@/lib/format/time";

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
