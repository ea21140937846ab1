import { operations } from "@/lib/api/operations";
import { canVerifyAudit } from "@/lib/audit/policy";
import { verifyAuditChain } from "@/lib/audit/verify";
import { Forbidden } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

// GET /api/v1/audit/verify — check the whole hash chain; names each edited, deleted or reordered event
export const GET = withRoute({
  operation: operations.verifyAudit,
  handler: ({ actor }) => {
    if (!canVerifyAudit(actor)) throw new Forbidden("Only admins (or a token with audit:read) verify the audit trail.");
    return verifyAuditChain();
  },
});
