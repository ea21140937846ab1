import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { kindLabel } from "@/lib/notifications/kinds";
import type { EmailLogEntry } from "@/lib/email/schemas";
import { plural } from "@/lib/format/plural";

const tone: Record<EmailLogEntry["status"], BadgeTone> = { PENDING: "warning", DELIVERED: "success", FAILED: "danger" };
const statusLabel: Record<EmailLogEntry["status"], string> = { PENDING: "Pending", DELIVERED: "Sent", FAILED: "Failed" };

/** The email delivery log (admins): the latest notification emails and how they went; never a body. */
export function EmailLog({ items, enabled }: { items: EmailLogEntry[]; enabled: boolean }) {
  return (
    <Card className="mt-6" aria-labelledby="email-log-title">
      <CardHeader
        title={<span id="email-log-title">Email delivery log</span>}
        description={
          enabled
            ? "The latest notification emails, with their attempts and the last error (retried with backoff)."
            : "This server sends no email: set SMTP_URL and SMTP_FROM to send notifications by email."
        }
      />
      {items.length === 0 ? (
        <EmptyState title="No emails yet">Emails appear here as members are notified.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {items.map((email) => (
            <li key={email.id} className="px-5 py-3 text-sm" data-testid="email-log-entry">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={tone[email.status]}>{statusLabel[email.status]}</Badge>
                <span className="min-w-0 font-medium break-words text-slate-900">{email.subject}</span>
              </div>
              <p className="mt-1 text-xs break-words text-slate-500">
                To {email.to} · {email.kind === "digest" ? "Daily digest" : kindLabel(email.kind)} · {plural(email.attempts, "attempt")} ·
                queued <time dateTime={email.createdAt}>{email.createdAt.replace("T", " ").slice(0, 16)} UTC</time>
              </p>
              {email.lastError ? <p className="mt-1 text-xs break-words text-rose-700">{email.lastError}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
