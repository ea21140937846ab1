import { operations } from "@/lib/api/operations";
import { withRoute } from "@/lib/http/route";
import { updateMember } from "@/lib/members/mutations";
import { getMember } from "@/lib/members/queries";

// GET /api/v1/members/:id — one member
export const GET = withRoute<{ id: string }>({ operation: operations.getMember, handler: ({ params }) => getMember(params.id) });

// PATCH /api/v1/members/:id — change roles or deactivate (admins; `version` guards lost updates)
export const PATCH = withRoute<{ id: string }>({
  operation: operations.updateMember,
  handler: ({ actor, params, body }) => updateMember(actor, params.id, body),
});
