"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { webhookKeys } from "./keys";
import type { CreatedWebhookDto, DeliveryDto, DeliveryListDto, WebhookDto, WebhookInput } from "./schemas";

export function useWebhooks(slug: string) {
  return useQuery({ queryKey: webhookKeys.list(slug), queryFn: () => fetchJson<WebhookDto[]>(`/api/v1/projects/${slug}/webhooks`) });
}

export function useDeliveries(slug: string, page: number, status: string) {
  return useQuery({
    queryKey: webhookKeys.deliveries(slug, page, status),
    queryFn: () => fetchJson<DeliveryListDto>(`/api/v1/projects/${slug}/deliveries?page=${page}${status ? `&status=${status}` : ""}`),
    placeholderData: keepPreviousData,
  });
}

function useSettingsMutation<I, O>(slug: string, call: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => client.invalidateQueries({ queryKey: webhookKeys.all(slug) }) });
}

export function useCreateWebhook(slug: string) {
  return useSettingsMutation(slug, (input: WebhookInput) =>
    fetchJson<CreatedWebhookDto>(`/api/v1/projects/${slug}/webhooks`, { method: "POST", body: input }),
  );
}

export function useUpdateWebhook(slug: string) {
  return useSettingsMutation(slug, ({ id, ...input }: WebhookInput & { id: string }) =>
    fetchJson<WebhookDto>(`/api/v1/projects/${slug}/webhooks/${id}`, { method: "PUT", body: input }),
  );
}

export function useDeleteWebhook(slug: string) {
  return useSettingsMutation(slug, (id: string) => fetchJson<unknown>(`/api/v1/projects/${slug}/webhooks/${id}`, { method: "DELETE" }));
}

export function usePingWebhook(slug: string) {
  return useSettingsMutation(slug, (id: string) =>
    fetchJson<DeliveryDto>(`/api/v1/projects/${slug}/webhooks/${id}/ping`, { method: "POST" }),
  );
}

export function useRetryDelivery(slug: string) {
  return useSettingsMutation(slug, (id: string) =>
    fetchJson<DeliveryDto>(`/api/v1/projects/${slug}/deliveries/${id}/retry`, { method: "POST" }),
  );
}
