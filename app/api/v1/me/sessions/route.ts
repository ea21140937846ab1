import { listSessions } from "@/lib/account/queries";
import { operations } from "@/lib/api/operations";
import { Forbidden } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

// GET /api/v1/me/sessions — the member's signed-in browsers, the current one first
export const GET = withRoute({
  operation: operations.listSessions,
  handler: ({ member }) => {
    if (!member) throw new Forbidden("Only people have sessions.");
    return listSessions(member);
  },
});
