import { changePassword } from "@/lib/account/mutations";
import { operations } from "@/lib/api/operations";
import { Forbidden } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

// POST /api/v1/me/password — {currentPassword, newPassword}; the member's other sessions end
export const POST = withRoute({
  operation: operations.changePassword,
  handler: ({ actor, member, body }) => {
    if (!member) throw new Forbidden("Only people have passwords.");
    return changePassword(actor, member, body);
  },
});
