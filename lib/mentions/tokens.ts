// A mention in a comment or a note is stored in its text as `@[Olive Ops](member:<member id>)`:
// by id, since names are not unique and change. The label is only what the writer saw; readers
// are shown the member's current name (`withCurrentNames` in ./mentions.ts). Pure: shared by the
// server, the browser's picker and its Markdown rendering.

/** How the API (OpenAPI) describes a text that may mention members (a comment, a result's note). */
export const MENTION_HELP =
  "Markdown (no raw HTML). `@[Name](member:<member id>)` mentions a member, who is notified (never the writer, never a deactivated member); an id that is no member's answers 422 naming this field. Read back with each mention's current name.";

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const TOKEN = `@\\[([^\\[\\]\\n]{1,200})\\]\\(member:(${UUID})\\)`;

/** The name a mention of this member is written with: no brackets or line breaks, which end a token. */
function mentionLabel(member: { name: string }): string {
  return member.name.replace(/[[\]\n]/g, " ").trim() || "member";
}

/** The token that mentions this member. */
export function mentionToken(member: { id: string; name: string }): string {
  return `@[${mentionLabel(member)}](member:${member.id})`;
}

/** Each mention's id (lower case) and label, in the order written. */
export function parseMentions(text: string): { id: string; label: string }[] {
  return [...text.matchAll(new RegExp(TOKEN, "g"))].map((m) => ({ id: m[2]!.toLowerCase(), label: m[1]! }));
}

/** The ids mentioned, each once. */
export function mentionedIds(text: string): string[] {
  return [...new Set(parseMentions(text).map((m) => m.id))];
}

/** The text with each mention replaced by what `replace` makes of it. */
export function replaceMentions(text: string, replace: (mention: { id: string; label: string }) => string): string {
  return text.replace(new RegExp(TOKEN, "g"), (_, label: string, id: string) => replace({ id: id.toLowerCase(), label }));
}

/** The text as one reads it without Markdown: each mention as "@Name". */
export function plainMentions(text: string): string {
  return replaceMentions(text, ({ label }) => `@${label}`);
}

/** Where a member id sits in the href Markdown makes of a mention (`member:<id>`), else null. */
export function memberOfHref(href: string | undefined): string | null {
  const match = href ? new RegExp(`^member:(${UUID})$`).exec(href) : null;
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * The mention being typed just before the caret: an `@` at the start or after a space or
 * punctuation, then up to 40 characters of a name (spaces inside allowed, no line break).
 * `start` is where the `@` is.
 */
export function mentionAtCaret(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s([{,;:!?"'])@([^\s@[\]()][^\n@[\]()]{0,39})?$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? "";
  if (/\s{2}/.test(query)) return null;
  return { start: before.length - query.length - 1, query };
}

/**
 * A mention as a writer sees it in the box: "@Olive Ops" stands for the member `id`. The box shows
 * names, not tokens; what is stored is the token (`mentionsFromEditing`).
 */
export type MentionPick = { label: string; id: string };

/** The stored text as the box shows it, each token as "@Name", with the mentions it holds. */
export function mentionsForEditing(text: string): { text: string; picks: MentionPick[] } {
  const picks: MentionPick[] = [];
  const shown = replaceMentions(text, ({ id, label }) => {
    picks.push({ label, id });
    return `@${label}`;
  });
  return { text: shown, picks };
}

/**
 * The text to store from what the box shows: each "@Name" of a member picked in it (or already
 * mentioned) becomes that member's token — where it stands as a word: after a space, punctuation
 * or the start, and not running on into letters or digits. A name picked twice for two members
 * (names are not unique) means the one picked last. A mention edited ("@Olive Op") is text again.
 */
export function mentionsFromEditing(text: string, picks: readonly MentionPick[]): string {
  const byLabel = new Map(picks.map((pick) => [pick.label, pick.id]));
  if (byLabel.size === 0) return text;
  const labels = [...byLabel.keys()].sort((a, b) => b.length - a.length).map((label) => label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const shown = new RegExp(`(?<![\\p{L}\\p{N}_@\\]])@(${labels.join("|")})(?![\\p{L}\\p{N}_])`, "gu");
  return text.replace(shown, (_, label: string) => mentionToken({ id: byLabel.get(label)!, name: label }));
}

/**
 * The box's text with the mention being typed (from `start` to the caret) replaced by "@Name " and
 * the caret after it, and the pick that says whom the name stands for.
 */
export function insertMention(text: string, start: number, caret: number, member: { id: string; name: string }) {
  const label = mentionLabel(member);
  const shown = `@${label} `;
  return { text: text.slice(0, start) + shown + text.slice(caret), caret: start + shown.length, pick: { label, id: member.id } };
}

/** Active members whose name, or a word of it, starts with the query (any case), at most `limit`. */
export function matchMembers<M extends { name: string; active: boolean }>(members: readonly M[], query: string, limit = 8): M[] {
  const wanted = query.trim().toLowerCase();
  return members
    .filter((m) => m.active)
    .filter((m) => {
      const name = m.name.toLowerCase();
      return name.startsWith(wanted) || name.split(/\s+/).some((word) => word.startsWith(wanted));
    })
    .slice(0, limit);
}
