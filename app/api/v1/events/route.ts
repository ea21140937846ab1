import { operations } from "@/lib/api/operations";
import { withRoute } from "@/lib/http/route";
import { topicsFor } from "@/lib/notifications/live";
import { changeBus } from "@/lib/realtime/bus";

export const dynamic = "force-dynamic";

// GET /api/v1/events — server-sent events: a `change` event {projectId, projectSlug, topics} per committed change ("notifications": yours changed)
export const GET = withRoute({
  operation: operations.events,
  handler: async ({ req, member }) => {
    const encoder = new TextEncoder();
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            cleanup();
          }
        };
        // Each member hears of their own notifications only.
        const unsubscribe = changeBus().subscribe((notice) => {
          const topics = topicsFor(member?.id ?? null, notice.topics);
          if (topics.length > 0) send(`event: change\ndata: ${JSON.stringify({ ...notice, topics })}\n\n`);
        });
        // Ready once this process listens: a change committed before then reaches no one, so the
        // page refreshes on "ready" and misses nothing between reading its data and listening.
        void changeBus()
          .ready()
          .then(() => send("retry: 2000\n\nevent: ready\ndata: {}\n\n"));
        // Proxies close silent connections; a comment every 15 s keeps this one open.
        const heartbeat = setInterval(() => send(": ping\n\n"), 15_000);
        cleanup = () => {
          clearInterval(heartbeat);
          unsubscribe();
        };
        req.signal.addEventListener("abort", () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed
          }
        });
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(stream, {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
    });
  },
});
