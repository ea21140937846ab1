import { endOwnSession } from "@/lib/account/mutations";
import { operations } from "@/lib/api/operations";
import { Forbidden } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

// POST /api/v1/me/sessions/:id/end — sign one of the member's browsers out at once
export const POST = withRoute<{ id: string }>({
  operation: operations.endSession,
  handler: ({ actor, member, params }) => {
    if (!member) throw new Forbidden("Only people have sessions.");
    return endOwnSession(actor, member, params.id);
  },
});
