// Mentions on the server: a text's mentions must name members (else 422 on its field), the
// members mentioned are notified inside the change that stores the text, and texts are read
// with each mention's label set to the member's current name.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db, type Tx } from "@/lib/db/client";
import { ValidationFailed } from "@/lib/http/errors";
import { notifyMembers, type NewNotification } from "@/lib/notifications/send";
import { plainExcerpt } from "./excerpt";
import { mentionedIds, mentionToken, replaceMentions } from "./tokens";

/** The ids the text mentions, each a member's (else 422 naming `field`). */
export async function checkMentions(tx: Tx, text: string | null | undefined, field: string): Promise<string[]> {
  const ids = text ? mentionedIds(text) : [];
  if (ids.length === 0) return [];
  const found = await tx.member.findMany({ where: { id: { in: ids } }, select: { id: true } });
  if (found.length !== ids.length) {
    throw new ValidationFailed([{ field, message: "A mention names someone who is not a member: choose them from the list after @" }]);
  }
  return ids;
}

/**
 * Tells the members mentioned in `text` and not already in `before` (an edited note does not tell
 * twice): never the writer, never a deactivated member. `title` is what comes before a short
 * plain-text excerpt of the text, as in "Dana Developer mentioned you in v1.4.0's discussion".
 */
export async function notifyMentioned(
  tx: Tx,
  actor: Actor,
  ids: readonly string[],
  text: string,
  notification: Omit<NewNotification, "kind">,
  before?: string | null,
): Promise<string[]> {
  const already = new Set(before ? mentionedIds(before) : []);
  const fresh = ids.filter((id) => !already.has(id));
  if (fresh.length === 0) return [];
  const names = await currentNames(tx, [text]);
  const excerpt = plainExcerpt(replaceMentions(text, ({ id, label }) => mentionToken({ id, name: names.get(id) ?? label })));
  return notifyMembers(tx, actor, fresh, { ...notification, kind: "mention", title: `${notification.title}: ${excerpt}` });
}

async function currentNames(client: Tx | ReturnType<typeof db>, texts: readonly (string | null | undefined)[]) {
  const ids = [...new Set(texts.flatMap((text) => (text ? mentionedIds(text) : [])))];
  if (ids.length === 0) return new Map<string, string>();
  const members = await client.member.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(members.map((m) => [m.id, m.name]));
}

/**
 * Reads texts as they are shown: each mention's label is its member's current name; a mention of
 * no member (written before this check, or forged into old data) becomes its plain label.
 */
export async function withCurrentNames<T extends string | null | undefined>(texts: readonly T[]): Promise<T[]> {
  const names = await currentNames(db(), texts);
  if (names.size === 0 && !texts.some((t) => t && mentionedIds(t).length > 0)) return [...texts];
  return texts.map((text) =>
    text
      ? (replaceMentions(text, ({ id, label }) => (names.has(id) ? mentionToken({ id, name: names.get(id)! }) : `@${label}`)) as T)
      : text,
  );
}
