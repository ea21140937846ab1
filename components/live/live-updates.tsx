"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ChangeNotice } from "@/lib/realtime/notify";

/**
 * One connection per tab to /api/v1/events. Each committed change invalidates exactly the
 * queries it touches, so every open board, inbox and release page refetches within a moment.
 * After a reconnect everything is refreshed: notices sent while away are not replayed.
 */
export function LiveUpdates() {
  const client = useQueryClient();
  useEffect(() => {
    const source = new EventSource("/api/v1/events");
    let connectedBefore = false;
    source.addEventListener("ready", () => {
      if (connectedBefore) void client.invalidateQueries();
      connectedBefore = true;
    });
    source.addEventListener("change", (event) => {
      const notice = JSON.parse((event as MessageEvent<string>).data) as ChangeNotice;
      for (const topic of notice.topics) {
        if (topic === "board") void client.invalidateQueries({ queryKey: ["board", notice.projectSlug] });
        else if (topic === "inbox") void client.invalidateQueries({ queryKey: ["inbox"] });
        else if (topic === "policy") void client.invalidateQueries({ queryKey: ["environments", notice.projectSlug] });
        else if (topic === "releases" || topic.startsWith("release:"))
          void client.invalidateQueries({ queryKey: ["releases", notice.projectSlug] });
      }
    });
    return () => source.close();
  }, [client]);
  return null;
}
