import { describe, expect, test } from "vitest";
import {
  insertMention,
  matchMembers,
  memberOfHref,
  mentionAtCaret,
  mentionedIds,
  mentionsForEditing,
  mentionsFromEditing,
  mentionToken,
  parseMentions,
  plainMentions,
  replaceMentions,
} from "./tokens";

const OLIVE = "0190f3a2-7c1e-7d2a-9b3c-4d5e6f708192";
const OSCAR = "0190f3a2-7c1e-7d2a-9b3c-4d5e6f708193";

describe("mention tokens", () => {
  test("a mention is stored by the member's id, with the name seen when written", () => {
    expect(mentionToken({ id: OLIVE, name: "Olive Ops" })).toBe(`@[Olive Ops](member:${OLIVE})`);
    // Brackets in a name would end the label early: they become spaces.
    expect(mentionToken({ id: OLIVE, name: "Olive [Ops]" })).toBe(`@[Olive  Ops](member:${OLIVE})`);
  });

  test("the ids mentioned are read in order, each once, in lower case", () => {
    const text = `@[Olive Ops](member:${OLIVE.toUpperCase()}) and @[Oscar](member:${OSCAR}), again @[Olive](member:${OLIVE})`;
    expect(parseMentions(text)).toEqual([
      { id: OLIVE, label: "Olive Ops" },
      { id: OSCAR, label: "Oscar" },
      { id: OLIVE, label: "Olive" },
    ]);
    expect(mentionedIds(text)).toEqual([OLIVE, OSCAR]);
  });

  test("an e-mail address, a plain @name, a bad id or an ordinary link mention nobody", () => {
    const text = `mail olive@example.com, @Olive, @[Olive](member:not-a-uuid), [Olive](member:${OLIVE}), @[Olive](https://example.com)`;
    expect(mentionedIds(text)).toEqual([]);
  });

  test("a mention reads as @Name in plain text, and can be rewritten", () => {
    const text = `Ask @[Olive Ops](member:${OLIVE}) about it`;
    expect(plainMentions(text)).toBe("Ask @Olive Ops about it");
    expect(replaceMentions(text, ({ id }) => (id === OLIVE ? "@Olive Renamed" : "?"))).toBe("Ask @Olive Renamed about it");
    expect(memberOfHref(`member:${OLIVE}`)).toBe(OLIVE);
    expect(memberOfHref("https://example.com")).toBeNull();
    expect(memberOfHref(undefined)).toBeNull();
  });
});

describe("the mention being typed", () => {
  test("an @ at the start or after a space opens it, with what follows as the query", () => {
    expect(mentionAtCaret("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionAtCaret("Hi @Ol", 6)).toEqual({ start: 3, query: "Ol" });
    expect(mentionAtCaret("Hi (@Olive O", 12)).toEqual({ start: 4, query: "Olive O" });
    // Only what is before the caret counts.
    expect(mentionAtCaret("Hi @Olive and more", 6)).toEqual({ start: 3, query: "Ol" });
  });

  test("an @ inside a word, a line break, a space first or two spaces close it", () => {
    expect(mentionAtCaret("olive@exa", 9)).toBeNull();
    expect(mentionAtCaret("@Olive\nOps", 10)).toBeNull();
    expect(mentionAtCaret("@ Olive", 7)).toBeNull();
    expect(mentionAtCaret("@Olive  Ops", 11)).toBeNull();
    expect(mentionAtCaret("no at here", 10)).toBeNull();
  });

  test("choosing a member puts the name where the @ was, the caret after it, and the pick that says whom it stands for", () => {
    const text = "Hi @Ol, see";
    const { text: next, caret, pick } = insertMention(text, 3, 6, { id: OLIVE, name: "Olive Ops" });
    expect(next).toBe("Hi @Olive Ops , see");
    expect(next.slice(0, caret)).toBe("Hi @Olive Ops ");
    expect(pick).toEqual({ label: "Olive Ops", id: OLIVE });
    expect(mentionsFromEditing(next, [pick])).toBe(`Hi @[Olive Ops](member:${OLIVE}) , see`);
  });

  test("the box shows names and stores tokens: a stored text comes back unchanged", () => {
    const stored = `@[Olive Ops](member:${OLIVE}), ask @[Oscar](member:${OSCAR}) (and @[Olive Ops](member:${OLIVE}) again).`;
    const { text, picks } = mentionsForEditing(stored);
    expect(text).toBe("@Olive Ops, ask @Oscar (and @Olive Ops again).");
    expect(mentionsFromEditing(text, picks)).toBe(stored);
  });

  test("a name in the box is a mention only as a whole word of a member picked there", () => {
    const picks = [
      { label: "Olive", id: OSCAR },
      { label: "Olive Ops", id: OLIVE },
    ];
    // The longer name wins; a name running on into letters, after a letter or an email's @, or cut short is text.
    expect(mentionsFromEditing("@Olive Ops and @Olive", picks)).toBe(`@[Olive Ops](member:${OLIVE}) and @[Olive](member:${OSCAR})`);
    expect(mentionsFromEditing("@Oliver, x@Olive, a@@Olive, @Olive_1, @Oliv", picks)).toBe("@Oliver, x@Olive, a@@Olive, @Olive_1, @Oliv");
    expect(mentionsFromEditing("(@Olive)", picks)).toBe(`(@[Olive](member:${OSCAR}))`);
    // Unknown names are text; a name with regex characters is matched as written.
    expect(mentionsFromEditing("@Dana", picks)).toBe("@Dana");
    expect(mentionsFromEditing("@A.B and @AxB", [{ label: "A.B", id: OLIVE }])).toBe(`@[A.B](member:${OLIVE}) and @AxB`);
    // Two members of one name: the one picked last.
    expect(mentionsFromEditing("@Olive", [...picks, { label: "Olive", id: OLIVE }])).toBe(`@[Olive](member:${OLIVE})`);
  });

  test("the picker lists active members whose name or a word of it starts with the query", () => {
    const members = [
      { name: "Olive Ops", active: true },
      { name: "Oscar Ops", active: true },
      { name: "Dana Developer", active: true },
      { name: "Old Owen", active: false },
    ];
    expect(matchMembers(members, "ol").map((m) => m.name)).toEqual(["Olive Ops"]);
    expect(matchMembers(members, "OPS").map((m) => m.name)).toEqual(["Olive Ops", "Oscar Ops"]);
    expect(matchMembers(members, "").map((m) => m.name)).toEqual(["Olive Ops", "Oscar Ops", "Dana Developer"]);
    expect(matchMembers(members, "live")).toEqual([]);
    expect(matchMembers(members, "", 2)).toHaveLength(2);
  });
});
