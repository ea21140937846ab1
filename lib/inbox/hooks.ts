"use client";
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { inboxKeys } from "@/lib/promotions/keys";
import type { InboxItem } from "./queries";

export function useInbox() {
  return useQuery({ queryKey: inboxKeys.all, queryFn: () => fetchJson<InboxItem[]>("/api/v1/inbox") });
}
