"use client";
// A textarea where "@" opens a picker of active members (a combobox with a listbox): typing filters
// it, Up/Down move, Enter or Tab choose, Esc closes it, a tap chooses. The member chosen goes into
// the value as a mention token (lib/mentions/tokens.ts), while the box shows "@Name": `value` and
// `onValueChange` carry tokens, the writer sees names. The writer is not offered: mentioning
// oneself tells no one. While the picker is closed every key goes to the caller's own onKeyDown,
// so a page's keys (Esc, Ctrl+Enter) keep their meaning.
import { useId, useMemo, useState, type ComponentProps, type KeyboardEvent, type Ref } from "react";
import { useViewerId } from "@/components/layout/viewer";
import { Textarea } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { useMembers } from "@/lib/members/hooks";
import {
  insertMention,
  matchMembers,
  mentionAtCaret,
  mentionsForEditing,
  mentionsFromEditing,
  type MentionPick,
} from "@/lib/mentions/tokens";

type Props = Omit<ComponentProps<"textarea">, "value" | "onChange"> & {
  value: string;
  onValueChange: (text: string) => void;
  ref?: Ref<HTMLTextAreaElement>;
};

export function MentionTextarea({ value, onValueChange, onKeyDown, onSelect, className, ref, ...props }: Props) {
  const listId = useId();
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  // The "@" whose picker Esc closed: it stays closed until the text changes.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  // Whom the names in the box stand for: those picked here, and those the value already mentions.
  const [picked, setPicked] = useState<MentionPick[]>([]);
  const editing = useMemo(() => mentionsForEditing(value), [value]);
  const picks = [...editing.picks, ...picked];
  const shown = editing.text;
  const viewer = useViewerId();
  const atCaret = caret === null ? null : mentionAtCaret(shown, caret);
  // A name already chosen, and what is typed after it, is no mention being typed.
  const typing = atCaret && !picks.some((pick) => atCaret.query.startsWith(pick.label)) ? atCaret : null;
  const members = useMembers({ enabled: typing !== null });
  const matches =
    typing && members.data
      ? matchMembers(
          members.data.filter((m) => m.id !== viewer),
          typing.query,
        )
      : [];
  const open = typing !== null && typing.start !== dismissedAt && matches.length > 0;
  const chosen = open ? Math.min(active, matches.length - 1) : 0;
  const optionId = (i: number) => `${listId}-option-${i}`;

  function choose(index: number, textarea: HTMLTextAreaElement | null) {
    const member = matches[index];
    if (!typing || !member || caret === null) return;
    const next = insertMention(shown, typing.start, caret, member);
    setPicked([...picked, next.pick]);
    onValueChange(mentionsFromEditing(next.text, [...picks, next.pick]));
    setCaret(next.caret);
    setActive(0);
    requestAnimationFrame(() => {
      textarea?.focus();
      textarea?.setSelectionRange(next.caret, next.caret);
    });
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const by = event.key === "ArrowDown" ? 1 : -1;
        setActive((chosen + by + matches.length) % matches.length);
        return;
      }
      if ((event.key === "Enter" && !event.ctrlKey && !event.metaKey && !event.shiftKey) || (event.key === "Tab" && !event.shiftKey)) {
        event.preventDefault();
        choose(chosen, event.currentTarget);
        return;
      }
      if (event.key === "Escape") {
        // Closes the picker only: the page's own Esc (leave the note) waits for the next one.
        event.preventDefault();
        event.stopPropagation();
        setDismissedAt(typing.start);
        return;
      }
    }
    onKeyDown?.(event);
  }

  return (
    <div className="relative">
      <Textarea
        {...props}
        ref={ref}
        className={className}
        value={shown}
        onChange={(event) => {
          onValueChange(mentionsFromEditing(event.target.value, picks));
          setCaret(event.target.selectionStart);
          setActive(0);
          // Esc closed the picker until the next change to the text.
          setDismissedAt(null);
        }}
        onSelect={(event) => {
          setCaret(event.currentTarget.selectionStart === event.currentTarget.selectionEnd ? event.currentTarget.selectionStart : null);
          onSelect?.(event);
        }}
        onBlur={(event) => {
          setCaret(null);
          props.onBlur?.(event);
        }}
        onKeyDown={keyDown}
        role="combobox"
        aria-autocomplete="list"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(chosen) : undefined}
      />
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label="Members to mention"
          className="absolute inset-x-0 top-full z-20 mt-1 max-h-56 overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {matches.map((member, i) => (
            <li
              key={member.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === chosen}
              // Keeps the focus (and the caret) in the textarea while a tap or click chooses.
              onMouseDown={(event) => event.preventDefault()}
              onClick={(event) => choose(i, event.currentTarget.closest("div")?.querySelector("textarea") ?? null)}
              className={cn(
                "flex cursor-pointer items-center justify-between gap-2 px-3 py-2",
                i === chosen && "bg-brand-50 text-brand-800",
              )}
            >
              <span className="truncate font-medium">{member.name}</span>
              {/* Names are not unique: the address tells two Olives apart. */}
              <span className="min-w-0 truncate text-xs text-slate-500">{member.email}</span>
            </li>
          ))}
        </ul>
      ) : typing && typing.start !== dismissedAt && members.isPending ? (
        <p
          role="status"
          className="absolute inset-x-0 top-full z-20 mt-1 rounded-md border border-slate-200 bg-white px-3 py-2 text-xs text-slate-500 shadow"
        >
          Loading members…
        </p>
      ) : null}
    </div>
  );
}
