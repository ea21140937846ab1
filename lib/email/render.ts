// The words of a notification email, plain text and HTML: what happened, a link straight to it
// (built on AUTH_URL, like webhooks' links), and how to stop this kind of email.
import { kindLabel } from "@/lib/notifications/kinds";
import { plural } from "../format/plural";

export type Rendered = { subject: string; text: string; html: string };

type Item = { title: string; url: string };

type Links = { account: string; unsubscribe: string };

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(body: string, footer: string): string {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111827;line-height:1.5">${body}<hr style="border:none;border-top:1px solid #e5e7eb;margin:24px 0 12px"><p style="font-size:12px;color:#6b7280">${footer}</p></body></html>`;
}

/** One notification by itself. */
export function renderNotification(kind: string, item: Item, links: Links): Rendered {
  const label = kindLabel(kind);
  const text = [
    item.title,
    "",
    `Open it: ${item.url}`,
    "",
    "--",
    `You get this because "${label}" is set to "Email too" in your account: ${links.account}`,
    `Stop "${label}" emails: ${links.unsubscribe}`,
    "",
  ].join("\n");
  const html = page(
    `<p style="font-size:16px">${escapeHtml(item.title)}</p><p><a href="${escapeHtml(item.url)}">Open it in Shiproom</a></p>`,
    `You get this because “${escapeHtml(label)}” is set to “Email too” in <a href="${escapeHtml(links.account)}">your account</a>. ` +
      `<a href="${escapeHtml(links.unsubscribe)}">Stop “${escapeHtml(label)}” emails</a>.`,
  );
  return { subject: item.title, text, html };
}

/** Several notifications in one daily email. */
export function renderDigest(day: string, items: (Item & { kind: string })[], links: Links): Rendered {
  const subject = `Shiproom digest for ${day}: ${plural(items.length, "notification")}`;
  const text = [
    subject,
    "",
    ...items.flatMap((item) => [`- ${item.title} (${kindLabel(item.kind)})`, `  ${item.url}`]),
    "",
    "--",
    `You get one email a day because the daily digest is on in your account: ${links.account}`,
    `Stop these emails: ${links.unsubscribe}`,
    "",
  ].join("\n");
  const html = page(
    `<p style="font-size:16px">${escapeHtml(subject)}</p><ul>${items
      .map(
        (item) =>
          `<li><a href="${escapeHtml(item.url)}">${escapeHtml(item.title)}</a> <small>(${escapeHtml(kindLabel(item.kind))})</small></li>`,
      )
      .join("")}</ul>`,
    `You get one email a day because the daily digest is on in <a href="${escapeHtml(links.account)}">your account</a>. ` +
      `<a href="${escapeHtml(links.unsubscribe)}">Stop these emails</a>.`,
  );
  return { subject, text, html };
}
