import { operations } from "@/lib/api/operations";
import { exportAuditEvents } from "@/lib/audit/queries";
import { withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/audit/export?format=jsonl|csv&… — the filtered trail, oldest first, streamed
export const GET = withRoute({
  operation: operations.exportAuditEvents,
  handler: async ({ actor, query }) => {
    const { format = "jsonl", ...filters } = Object.fromEntries(query);
    const csv = format === "csv";
    const stream = await exportAuditEvents(actor, filters, csv ? "csv" : "jsonl");
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      headers: {
        "content-type": csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="shiproom-audit-${stamp}.${csv ? "csv" : "jsonl"}"`,
        "cache-control": "no-store",
      },
    });
  },
});
