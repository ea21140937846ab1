import { operations } from "@/lib/api/operations";
import { json, withRoute } from "@/lib/http/route";
import { createMember } from "@/lib/members/mutations";
import { listMembers } from "@/lib/members/queries";

// GET /api/v1/members — everyone on the team, with their roles
export const GET = withRoute({ operation: operations.listMembers, handler: () => listMembers() });

// POST /api/v1/members — add a member (admins)
export const POST = withRoute({
  operation: operations.createMember,
  handler: async ({ actor, body }) => json(await createMember(actor, body), 201),
});
