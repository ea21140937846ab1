import { withRoute } from "@/lib/http/route";
import { listInbox } from "@/lib/promotions/inbox";

// GET /api/v1/inbox — what the signed-in member may act on now
export const GET = withRoute({ handler: ({ actor }) => listInbox(actor) });
