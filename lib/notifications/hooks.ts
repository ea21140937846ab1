"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { notificationKeys } from "./keys";
import type { NotificationPage } from "./schemas";

const url = ({ unread, page }: { unread: boolean; page: number }) =>
  `/api/v1/me/notifications?${new URLSearchParams({ ...(unread ? { unread: "true" } : {}), page: String(page) })}`;

export function useNotifications(filter: { unread: boolean; page: number }) {
  return useQuery({
    queryKey: notificationKeys.list(filter),
    queryFn: () => fetchJson<NotificationPage>(url(filter)),
    placeholderData: (previous) => previous,
  });
}

/** How many of the member's notifications are unread (for the bell). */
export function useUnreadNotifications() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: () => fetchJson<NotificationPage>(url({ unread: true, page: 1 })),
    select: (page) => page.unread,
  });
}

function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: notificationKeys.all });
}

export function useMarkNotificationRead() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => fetchJson<{ id: string; readAt: string }>(`/api/v1/me/notifications/${id}/read`, { method: "POST" }),
    onSettled: refresh,
  });
}

export function useMarkAllNotificationsRead() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => fetchJson<{ marked: number }>("/api/v1/me/notifications/read-all", { method: "POST" }),
    onSettled: refresh,
  });
}
