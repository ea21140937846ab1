import { operations } from "@/lib/api/operations";
import { canVerifyAudit } from "@/lib/audit/policy";
import { verifyAuditChain } from "@/lib/audit/verify";
import { Forbidden } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

// GET /api/v1/audit/verify — check the hash chain (a token: its project's events); names each edited, deleted or reordered event
export const GET = withRoute({
  operation: operations.verifyAudit,
  handler: ({ actor }) => {
    if (!canVerifyAudit(actor)) throw new Forbidden("Only admins (or a token with audit:read) verify the audit trail.");
    // A token sees its project's events only; an admin verifies the whole chain.
    return verifyAuditChain(actor.kind === "TOKEN" ? { projectId: actor.projectId! } : null);
  },
});
