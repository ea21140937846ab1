import { withRoute } from "@/lib/http/route";
import { getBoard } from "@/lib/promotions/board";

// GET /api/v1/projects/:slug/board — every environment: what runs, what is in flight, what waits and why
export const GET = withRoute<{ slug: string }>({ handler: ({ params, actor }) => getBoard(params.slug, actor) });
