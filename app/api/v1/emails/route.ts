import { operations } from "@/lib/api/operations";
import { listEmails } from "@/lib/email/queries";
import { withRoute } from "@/lib/http/route";

// GET /api/v1/emails — the email delivery log (admins), never a body
export const GET = withRoute({
  operation: operations.listEmails,
  handler: ({ actor }) => listEmails(actor),
});
