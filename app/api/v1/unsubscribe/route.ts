import { operations } from "@/lib/api/operations";
import { unsubscribe } from "@/lib/email/preferences";
import { describeUnsubscribe } from "@/lib/email/queries";
import { env } from "@/lib/env";
import { ValidationFailed } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

// An email's unsubscribe link works signed out: the token it carries names the member and kind.

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, body: string, status = 200): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Shiproom</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111827;line-height:1.5"><h1 style="font-size:1.25rem">${escapeHtml(title)}</h1>${body}</body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

/** A browser (it accepts HTML) is shown a page; API clients asking for JSON get problem+json. */
const wantsHtml = (req: Request) => (req.headers.get("accept") ?? "").includes("text/html");

/** A link that is not valid, to a person: a page saying so and what to do (still a 422). */
async function orInvalidPage(req: Request, answer: () => Promise<Response | object>): Promise<Response | object> {
  try {
    return await answer();
  } catch (error) {
    if (!(error instanceof ValidationFailed) || !wantsHtml(req)) throw error;
    return page(
      "This unsubscribe link is not valid",
      `<p>${escapeHtml(error.fieldErrors[0]?.message ?? "This unsubscribe link is not valid")}.</p>` +
        `<p>Use the link in the email again, whole (a mail program may cut it short), or choose which emails you get on <a href="${escapeHtml(env().publicUrl)}/account">your account page</a>.</p>`,
      422,
    );
  }
}

// GET /api/v1/unsubscribe?token= — a confirmation page with a button; nothing changes yet
export const GET = withRoute({
  operation: operations.showUnsubscribe,
  handler: async ({ req, query }) =>
    orInvalidPage(req, async () => {
      const token = query.get("token");
      const { what } = describeUnsubscribe(token);
      return page(
        "Unsubscribe",
        `<p>Stop ${escapeHtml(what)}? You still see these notifications in the app.</p>` +
          `<form method="post" action="/api/v1/unsubscribe?token=${encodeURIComponent(token!)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
          `<button type="submit" style="font:inherit;padding:.5rem 1rem;border-radius:.375rem;border:1px solid #111827;background:#111827;color:#fff">Unsubscribe</button></form>`,
      );
    }),
});

// POST /api/v1/unsubscribe?token= — one-click (RFC 8058; mail clients send List-Unsubscribe=One-Click)
export const POST = withRoute({
  operation: operations.unsubscribe,
  handler: async ({ req, query }) =>
    orInvalidPage(req, async () => {
      const done = await unsubscribe(query.get("token"));
      if (!wantsHtml(req)) return { unsubscribed: done.kind };
      return page(
        "Unsubscribed",
        `<p>You will no longer get ${escapeHtml(done.label)}. Change it any time on <a href="${escapeHtml(env().publicUrl)}/account">your account page</a>.</p>`,
      );
    }),
});
