"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ChangeNotice } from "@/lib/realtime/notify";

/** The React Query key prefix a change notice's topic touches. */
function queryKeyOf(topic: string, slug: string): string[] | null {
  const [kind] = topic.split(":");
  switch (kind) {
    case "board":
      return ["board", slug];
    case "inbox":
      return ["inbox"];
    case "policy":
      return ["environments", slug];
    case "releases":
    case "release":
      return ["releases", slug];
    case "cases":
      return ["cases", slug];
    case "runs":
    case "run":
      return ["runs", slug];
    case "deliveries":
      return ["settings", slug];
    default:
      return null;
  }
}

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
        const key = queryKeyOf(topic, notice.projectSlug);
        if (key) void client.invalidateQueries({ queryKey: key });
      }
    });
    return () => source.close();
  }, [client]);
  return null;
}
