import { operations } from "@/lib/api/operations";
import { Forbidden } from "@/lib/http/errors";
import { pageOf } from "@/lib/http/query";
import { withRoute } from "@/lib/http/route";
import { listNotifications } from "@/lib/notifications/queries";
import { parseInput } from "@/lib/http/validation";
import { notificationQuerySchema } from "@/lib/notifications/schemas";

// GET /api/v1/me/notifications?unread=&page= — the member's own notifications, newest first
export const GET = withRoute({
  operation: operations.listNotifications,
  handler: ({ member, query }) => {
    if (!member) throw new Forbidden("Only people have notifications.");
    const { unread } = parseInput(notificationQuerySchema, Object.fromEntries(query));
    return listNotifications(member.id, { unread: unread === "true", page: pageOf(query) });
  },
});
