import { operations } from "@/lib/api/operations";
import { getNotificationPreferences, updateNotificationPreferences } from "@/lib/email/preferences";
import { Forbidden } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

// GET /api/v1/me/notification-preferences — how the member hears of each kind, digest, time zone
export const GET = withRoute({
  operation: operations.getNotificationPreferences,
  handler: ({ member }) => {
    if (!member) throw new Forbidden("Only people have notification preferences.");
    return getNotificationPreferences(member.id);
  },
});

// PUT /api/v1/me/notification-preferences — {kinds?: {kind: APP|EMAIL|OFF}, digest?, timeZone?}
export const PUT = withRoute({
  operation: operations.updateNotificationPreferences,
  handler: ({ actor, member, body }) => {
    if (!member) throw new Forbidden("Only people have notification preferences.");
    return updateNotificationPreferences(actor, member.id, body);
  },
});
