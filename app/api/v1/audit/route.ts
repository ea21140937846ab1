import { operations } from "@/lib/api/operations";
import { listAuditEvents } from "@/lib/audit/queries";
import { withRoute } from "@/lib/http/route";

// GET /api/v1/audit?actor=&action=&objectType=&objectId=&project=&from=&to=&before= — the trail, newest first
export const GET = withRoute({
  operation: operations.listAuditEvents,
  handler: ({ actor, query }) => listAuditEvents(actor, Object.fromEntries(query)),
});
