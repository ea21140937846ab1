import { z } from "zod";
import type { DeliveryStatus, WebhookFormat } from "@/lib/generated/prisma/enums";

/** What a project's event webhooks may subscribe to. */
export const WEBHOOK_EVENTS = [
  "release.created",
  "promotion.awaiting_approval",
  "promotion.approved",
  "promotion.rejected",
  "deployment.succeeded",
  "deployment.failed",
  "run.signed_off",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Sent to an environment's deploy target when a promotion into it is approved. */
export const DEPLOY_EVENT = "deployment.deploy";
/** A promotion into an environment deployed by git: the commit to make (not an HTTP request). */
export const GIT_EVENT = "deployment.git_commit";
/** Sent by "Send a test event". */
export const PING_EVENT = "ping";

export const eventDescriptions: Record<WebhookEvent, string> = {
  "release.created": "A release is registered",
  "promotion.awaiting_approval": "A promotion waits for approvals",
  "promotion.approved": "A promotion passed all its gates",
  "promotion.rejected": "A promotion was rejected",
  "deployment.succeeded": "A deployment succeeded",
  "deployment.failed": "A deployment failed",
  "run.signed_off": "QA signed a test run off",
};

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

export type AttemptDto = { number: number; at: string; durationMs: number; statusCode: number | null; error: string | null };

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
