import { withRoute } from "@/lib/http/route";
import { updateMember } from "@/lib/members/mutations";
import { getMember } from "@/lib/members/queries";

// GET /api/v1/members/:id — one member
export const GET = withRoute<{ id: string }>({ handler: ({ params }) => getMember(params.id) });

// PATCH /api/v1/members/:id — change roles or deactivate (admins; `version` guards lost updates)
export const PATCH = withRoute<{ id: string }>({
  handler: ({ actor, params, body }) => updateMember(actor, params.id, body),
});
