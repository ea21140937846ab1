// Sends the email outbox over SMTP (nodemailer), the way lib/webhooks/dispatcher.ts sends webhook
// deliveries and on the same loop and backoff (lib/outbox/runner.ts): each server process claims
// due emails with FOR UPDATE SKIP LOCKED and a lease; a failed attempt is retried after
// SHIPROOM_WEBHOOK_RETRY_MS, twice as long each time, up to SHIPROOM_WEBHOOK_MAX_ATTEMPTS. Each
// round also makes the daily digests that are due (lib/email/outbox.ts), by the server's clock.
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { now } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { drainBatches, retryDelayMs, startOutboxRunner } from "@/lib/outbox/runner";
import { DIGEST_KIND, queueDigests, unsubscribeUrl } from "./outbox";
import { DEFAULT_CHANNEL } from "./schemas";

type Claimed = { id: string; memberId: string; kind: string; to: string; subject: string; text: string; html: string; attempts: number };

const BATCH = 10;
// Each step of an SMTP conversation is bounded, so an attempt ends well within its lease (a URL's
// own `?connectionTimeout=…` wins).
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
const LEASE_MS = 2 * (TIMEOUTS.connectionTimeout + TIMEOUTS.greetingTimeout + TIMEOUTS.socketTimeout);

async function claim(): Promise<Claimed[]> {
  return db().$queryRaw<Claimed[]>`
    update "EmailMessage" set "nextAttemptAt" = now() + ${LEASE_MS} * interval '1 millisecond'
    where id in (
      select id from "EmailMessage"
      where status = 'PENDING' and "nextAttemptAt" <= now()
      order by "nextAttemptAt" limit ${BATCH}
      for update skip locked)
    returning id, "memberId", kind, "to", subject, text, html, attempts`;
}

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    // nodemailer reads options from the URL's query.
    const url = new URL(smtpUrl);
    for (const [key, value] of Object.entries(TIMEOUTS)) if (!url.searchParams.has(key)) url.searchParams.set(key, String(value));
    transport = nodemailer.createTransport(url.toString());
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** Why an email is no longer to be sent (the member left, or stopped this kind since), or null. */
async function skipReason(email: Claimed): Promise<string | null> {
  const member = await db().member.findUnique({ where: { id: email.memberId }, select: { deactivatedAt: true, emailDigest: true } });
  if (!member || member.deactivatedAt) return "the member was deactivated";
  if (email.kind === DIGEST_KIND) return member.emailDigest ? null : "the member switched the digest off";
  const preference = await db().notificationPreference.findUnique({
    where: { memberId_kind: { memberId: email.memberId, kind: email.kind } },
    select: { channel: true },
  });
  return (preference?.channel ?? DEFAULT_CHANNEL) === "EMAIL" ? null : "the member no longer wants these by email";
}

async function send(email: Claimed, smtp: { smtpUrl: string; from: string }): Promise<void> {
  const skip = await skipReason(email);
  if (skip) {
    await db().emailMessage.update({ where: { id: email.id }, data: { status: "FAILED", lastError: `Not sent: ${skip}` } });
    return;
  }
  let error: string | null = null;
  try {
    await transportFor(smtp.smtpUrl).sendMail({
      from: smtp.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: {
        "List-Unsubscribe": `<${unsubscribeUrl(email.memberId, email.kind)}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
      },
    });
  } catch (failure) {
    error = ((failure as Error).message || String(failure)).slice(0, 500);
  }
  const number = email.attempts + 1;
  const { maxAttempts, retryBaseMs } = env().webhooks;
  const exhausted = error !== null && number >= maxAttempts;
  await db().emailMessage.update({
    where: { id: email.id },
    data: {
      attempts: number,
      lastError: error,
      status: error === null ? "DELIVERED" : exhausted ? "FAILED" : "PENDING",
      sentAt: error === null ? new Date() : null,
      nextAttemptAt: new Date(Date.now() + (error === null || exhausted ? 0 : retryDelayMs(number, retryBaseMs))),
    },
  });
}

/**
 * Makes the digests due at `at` and sends every email due now; returns how many were attempted.
 * `smtpUrl` replaces SMTP_URL (a test's own server).
 */
export async function sendDueEmails(options: { at?: Date; smtpUrl?: string } = {}): Promise<number> {
  const configured = env().email;
  if (!configured) return 0;
  const smtp = { ...configured, ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}) };
  await queueDigests(options.at ?? now());
  return drainBatches("email", claim, (email) => send(email, smtp));
}

/** Starts this process's email dispatcher (when SMTP_URL is set): every poll, and at once when a member is notified. */
export function startEmailDispatcher(): void {
  if (!env().email) return;
  startOutboxRunner(
    "email",
    () => sendDueEmails(),
    (topic) => topic.startsWith("notifications:"),
  );
}
