// What a member chooses about notifications: per kind, in the app only, by email too, or not at
// all; one daily digest instead of single emails; the time zone the digest's 08:00 is read in.
import { IANAZone } from "luxon";
import { z } from "zod";
import { notificationKinds, type NotificationKind } from "@/lib/notifications/kinds";

export const CHANNELS = ["APP", "EMAIL", "OFF"] as const;
export type Channel = (typeof CHANNELS)[number];

/** A kind without a stored choice: in the app and by email. */
export const DEFAULT_CHANNEL: Channel = "EMAIL";

export const channelLabels: Record<Channel, string> = { APP: "In app only", EMAIL: "Email too", OFF: "Off" };

/** The digest is made at this hour in the member's time zone. */
export const DIGEST_HOUR = 8;

function isTimeZone(value: string): boolean {
  return IANAZone.isValidZone(value);
}

const kindSchema = z.enum(notificationKinds as [NotificationKind, ...NotificationKind[]]);

export const notificationPreferencesSchema = z
  .object({
    timeZone: z
      .string()
      .trim()
      .min(1, "Enter a time zone")
      .max(100)
      .refine(isTimeZone, "Not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC")
      .optional(),
    digest: z.boolean().optional(),
    kinds: z.partialRecord(kindSchema, z.enum(CHANNELS)).optional(),
  })
  .strict();

export type NotificationPreferencesDto = {
  /** Whether this server sends email at all (SMTP_URL is set). */
  emailEnabled: boolean;
  timeZone: string;
  digest: boolean;
  kinds: { kind: NotificationKind; label: string; description: string; channel: Channel }[];
};

/** One email of the delivery log: never its body. */
export type EmailLogEntry = {
  id: string;
  to: string;
  kind: string;
  subject: string;
  status: "PENDING" | "DELIVERED" | "FAILED";
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
};
