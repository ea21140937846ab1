import { z } from "zod";
import { EVENTS, eventNames, type WebhookEvent } from "@/lib/events";
import type { DeliveryStatus, WebhookFormat } from "@/lib/generated/prisma/enums";

/** What a project's event webhooks may subscribe to, in the order of lib/events.ts (where they are named). */
export const WEBHOOK_EVENTS = eventNames("webhook") as [WebhookEvent, ...WebhookEvent[]];
export type { WebhookEvent };

/** Sent to an environment's deploy target when a promotion into it is approved. */
export const DEPLOY_EVENT = "deployment.deploy";
/** A promotion into an environment deployed by git: the commit to make (not an HTTP request). */
export const GIT_EVENT = "deployment.git_commit";
/** Sent by "Send a test event". */
export const PING_EVENT = "ping";

/** The sentence the settings page shows for each event. */
export const eventDescriptions: Record<WebhookEvent, string> = EVENTS.webhook;

/** http(s) URLs only: a webhook is an HTTP POST. */
export const hookUrlSchema = z
  .url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" })
  .trim()
  .max(2000, "Use at most 2000 characters");

export const webhookInputSchema = z.object({
  name: z.string({ error: "Name the webhook" }).trim().min(1, "Name the webhook").max(100, "Use at most 100 characters"),
  url: hookUrlSchema,
  format: z.enum(["JSON", "SLACK"], { error: "format is JSON or SLACK" }).default("JSON"),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: `Choose from ${WEBHOOK_EVENTS.join(", ")}` }), { error: "Choose at least one event" })
    .min(1, "Choose at least one event")
    .transform((events) => WEBHOOK_EVENTS.filter((event) => events.includes(event))),
  active: z.boolean({ error: "active must be true or false" }).default(true),
});
export type WebhookInput = z.input<typeof webhookInputSchema>;

export type WebhookDto = {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
  /** Delivered, pending and failed deliveries of the last 7 days. */
  recent: Record<DeliveryStatus, number>;
};

/** Returned once, when the webhook is made: the signing secret is never shown again. */
export type CreatedWebhookDto = WebhookDto & { secret: string };

type AttemptDto = { number: number; at: string; durationMs: number; statusCode: number | null; error: string | null };

export type DeliveryDto = {
  id: string;
  eventId: string;
  eventType: string;
  /** "webhook Team chat" or "deploy hook of production". */
  target: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  deploymentNumber: number | null;
  attemptLog: AttemptDto[];
};

export type DeliveryListDto = { deliveries: DeliveryDto[]; total: number; page: number; pageSize: number };
