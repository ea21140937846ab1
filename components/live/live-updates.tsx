"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ChangeNotice } from "@/lib/realtime/notify";
import { staleKeysOf } from "@/lib/realtime/topics";

/**
 * One connection per tab to /api/v1/events. Each committed change invalidates exactly the
 * queries it touches, so every open board, inbox and release page refetches within a moment.
 * On "ready" (the server listens from then on) everything shown is refreshed: what the page
 * read before the connection, or while it was away, may have changed, and notices are not
 * replayed.
 */
export function LiveUpdates() {
  const client = useQueryClient();
  useEffect(() => {
    const source = new EventSource("/api/v1/events");
    source.addEventListener("ready", () => {
      void client.invalidateQueries();
    });
    source.addEventListener("change", (event) => {
      const notice = JSON.parse((event as MessageEvent<string>).data) as ChangeNotice;
      for (const topic of notice.topics) {
        for (const key of staleKeysOf(topic, notice.projectSlug)) void client.invalidateQueries({ queryKey: key });
      }
    });
    return () => source.close();
  }, [client]);
  return null;
}
