import { operations } from "@/lib/api/operations";
import { withRoute } from "@/lib/http/route";
import { listInbox } from "@/lib/inbox/queries";

// GET /api/v1/inbox — what the signed-in member may act on now
export const GET = withRoute({ operation: operations.listInbox, handler: ({ actor }) => listInbox(actor) });
