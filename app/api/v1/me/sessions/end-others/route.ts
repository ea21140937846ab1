import { endOtherSessions } from "@/lib/account/mutations";
import { operations } from "@/lib/api/operations";
import { Forbidden } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

// POST /api/v1/me/sessions/end-others — sign out everywhere but here
export const POST = withRoute({
  operation: operations.endOtherSessions,
  handler: ({ actor, member }) => {
    if (!member) throw new Forbidden("Only people have sessions.");
    return endOtherSessions(actor, member);
  },
});
