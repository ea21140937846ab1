import { operations } from "@/lib/api/operations";
import { withRoute } from "@/lib/http/route";
import { getPortfolioBoard } from "@/lib/promotions/portfolio";

// GET /api/v1/board — every project the caller sees: what runs in each environment, what is in flight, what waits
export const GET = withRoute({
  operation: operations.getPortfolioBoard,
  handler: ({ actor }) => getPortfolioBoard(actor.kind === "TOKEN" ? [actor.projectId!] : "all"),
});
