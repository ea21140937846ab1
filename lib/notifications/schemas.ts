import { z } from "zod";

export const NOTIFICATIONS_PER_PAGE = 30;

export const notificationQuerySchema = z.object({
  unread: z.enum(["true", "false"]).optional().describe("true: only unread ones"),
  page: z.string().regex(/^\d+$/).optional().describe("1-based page number"),
});

export type NotificationDto = {
  id: string;
  kind: string;
  title: string;
  /** Where it points: the promotion's release page, the run. */
  link: string | null;
  readAt: string | null;
  createdAt: string;
};

export type NotificationPage = {
  items: NotificationDto[];
  page: number;
  pageSize: number;
  /** How many match the filter. */
  total: number;
  /** How many of the member's notifications are unread (whatever the filter). */
  unread: number;
};
