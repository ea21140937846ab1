import { operations } from "@/lib/api/operations";
import { Forbidden } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { markAllNotificationsRead } from "@/lib/notifications/mutations";

// POST /api/v1/me/notifications/read-all — mark all the member's notifications read
export const POST = withRoute({
  operation: operations.markAllNotificationsRead,
  handler: ({ member }) => {
    if (!member) throw new Forbidden("Only people have notifications.");
    return markAllNotificationsRead(member.id);
  },
});
