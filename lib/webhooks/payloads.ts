// What a webhook receives: one JSON envelope per event, or a Slack-compatible message made from
// it. Pure, so every event's text is tested without a server.
export type EventData = {
  /** Who caused it: a person, a token, or automation. */
  actor: string;
  release?: { version: string; commitSha: string; artifactRef: string | null };
  promotion?: { id: string; number: number; environment: string; status: string; isRollback: boolean; reason: string | null; url: string };
  run?: { id: string; number: number; name: string; environment: string; url: string };
  /** What waits, a rejection's or failure's reason, a sign-off's comment. */
  message?: string | null;
  [more: string]: unknown;
};

export type EventEnvelope = {
  /** The delivery's event id: receivers de-duplicate on it. */
  id: string;
  type: string;
  createdAt: string;
  project: { slug: string; name: string; url: string };
  data: EventData;
};

function summary(e: EventEnvelope): string {
  const { data } = e;
  const p = data.promotion;
  const version = data.release?.version ?? "?";
  const target = p ? `${version} → ${p.environment} (#${p.number})` : version;
  const why = data.message ? `: ${data.message}` : "";
  switch (e.type) {
    case "release.created":
      return `Release ${version} (${data.release?.commitSha.slice(0, 7)}) registered by ${data.actor}`;
    case "promotion.awaiting_approval":
      return `${target} waits for approval${why}`;
    case "promotion.approved":
      return `${target} approved${p?.isRollback ? " (rollback)" : ""}`;
    case "promotion.rejected":
      return `${target} rejected by ${data.actor}${why}`;
    case "deployment.succeeded":
      return p?.isRollback
        ? `Rolled back ${p.environment} to ${version}${p.reason ? `: ${p.reason}` : ""}`
        : `${version} now runs in ${p?.environment}`;
    case "deployment.failed":
      return `Deploying ${target} failed${why}`;
    case "run.signed_off":
      return `QA signed off run #${data.run?.number} of ${version} on ${data.run?.environment} (${data.actor})${why}`;
    case "deployment.deploy":
      return `Deploy ${target}`;
    default:
      return `Test event from Shiproom, sent by ${data.actor}`;
  }
}

/** A Slack incoming-webhook message: a plain `text` fallback and one section with a link. */
export function slackMessage(e: EventEnvelope): { text: string; blocks: unknown[] } {
  const text = `*${e.project.name}*: ${summary(e)}`;
  const link = e.data.promotion?.url ?? e.data.run?.url ?? e.project.url;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${text}\n<${link}|Open in Shiproom>` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `${e.type} · ${e.id}` }] },
    ],
  };
}

export function eventBody(e: EventEnvelope, format: "JSON" | "SLACK"): string {
  return JSON.stringify(format === "SLACK" ? slackMessage(e) : { ...e, summary: summary(e) });
}
