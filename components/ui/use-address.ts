"use client";
// Writing a page's view into its address (lib/http/address.ts reads it). The history API keeps
// Next's useSearchParams in step without asking the server for the page again; Back and forward
// show the entry's own view, and a reload or a shared link renders it on the server.
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { queryWith, type QueryChange } from "@/lib/http/address";

/**
 * Changes fields of the address's query: `push` for a choice, which Back undoes (a filter, a tab,
 * a page), `replace` for a correction that is no step of its own. `typed` is for words typed into
 * the box of field `typed.key`: the first change pushes an entry, and the changes after it, while
 * the address stays on that entry, replace it — so that Back goes to the view before the typing
 * began, not to each word on the way (the entry is marked in `history.state`, which Next keeps).
 */
export function changeAddress(entry: "push" | "replace" | { typed: string }, change: QueryChange): void {
  const { pathname, search, hash } = window.location;
  const query = queryWith(search, change);
  if (query === search) return;
  const url = `${pathname}${query}${hash}`;
  if (typeof entry === "object") {
    const state = { [TYPED]: entry.typed };
    if ((window.history.state as Record<string, unknown> | null)?.[TYPED] === entry.typed) window.history.replaceState(state, "", url);
    else window.history.pushState(state, "", url);
  } else if (entry === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

/** The key of `history.state` that marks an entry typing made, with the field typed into. */
const TYPED = "shiproomTyped";

/**
 * A text box whose words are a field of the address (a search): what is typed shows at once and
 * goes into the address once typing pauses — one entry for the typing, which Back leaves — with
 * `also` (the first page, say). When the address changes otherwise (Back, forward, a link), the box shows its words.
 * `flush` writes words still waiting, before a choice is pushed after them.
 */
export function useAddressText(key: string, also: QueryChange = {}, pause = 300) {
  const inAddress = useSearchParams().get(key) ?? "";
  const [text, setText] = useState(inAddress);
  // What the address said at the last render, and the words this box last wrote to it.
  const [seen, setSeen] = useState(inAddress);
  const [written, setWritten] = useState(inAddress);
  if (inAddress !== seen) {
    setSeen(inAddress);
    // The box's own words arriving change nothing; another entry's are shown.
    if (inAddress !== written) {
      setText(inAddress);
      setWritten(inAddress);
    }
  }

  const waiting = useRef<{ timer: ReturnType<typeof setTimeout>; write: () => void } | null>(null);
  // Words still waiting when the page is left are dropped: the next page's address is not theirs.
  useEffect(() => () => clearTimeout(waiting.current?.timer), []);

  function flush() {
    const pending = waiting.current;
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.write();
  }

  function change(next: string) {
    setText(next);
    if (waiting.current) clearTimeout(waiting.current.timer);
    const write = () => {
      waiting.current = null;
      setWritten(next.trim());
      changeAddress({ typed: key }, { ...also, [key]: next.trim() });
    };
    waiting.current = { timer: setTimeout(write, pause), write };
  }

  return { text, change, flush };
}
