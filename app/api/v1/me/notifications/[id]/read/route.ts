import { operations } from "@/lib/api/operations";
import { Forbidden } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { markNotificationRead } from "@/lib/notifications/mutations";

// POST /api/v1/me/notifications/:id/read — mark one of the member's notifications read
export const POST = withRoute<{ id: string }>({
  operation: operations.markNotificationRead,
  handler: ({ member, params }) => {
    if (!member) throw new Forbidden("Only people have notifications.");
    return markNotificationRead(member.id, params.id);
  },
});
