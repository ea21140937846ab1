"use client";
import { useEffect } from "react";

/**
 * Asks before words typed and not saved are lost (a case, a comment, a sign-off) while `unsaved`:
 * closing the tab, reloading or leaving the site get the browser's own question (`beforeunload`);
 * a link to another page of the app, which Next follows without unloading, gets `message`
 * (window.confirm, before the link's own handler; Cancel stays). Back and forward to another page
 * of the app get it too: the address has moved when the browser says so (`popstate`), so staying
 * stops Next from showing that page and goes the other way again. `confirmDiscard` asks the same for a way
 * out of the page's own (a dialog's Close or Escape, Cancel): true when nothing is lost or the
 * person agrees.
 */
export function useUnsavedChanges(unsaved: boolean, message: string): { confirmDiscard: () => boolean } {
  useEffect(() => {
    if (!unsaved) return;
    // Once a link's question is answered, leaving through it is not asked again by beforeunload.
    let agreed = false;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (agreed) return;
      event.preventDefault();
      // Browsers before preventDefault was enough (Chrome 119, Safari 17) asked only for this.
      event.returnValue = "";
    };
    const click = (event: MouseEvent) => {
      // A new tab or window (a modifier, another target), a download or another site leaves nothing here.
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(link instanceof HTMLAnchorElement) || link.hasAttribute("download") || (link.target && link.target !== "_self")) return;
      const to = new URL(link.href, window.location.href);
      if (to.origin !== window.location.origin) return;
      // A place on this very page (the skip link) is not leaving it.
      if (to.pathname === window.location.pathname && to.search === window.location.search && to.hash) return;
      if (window.confirm(message)) {
        agreed = true;
        return;
      }
      event.preventDefault();
      event.stopPropagation();
    };
    // Back or forward within the app. Capturing on window runs before Next's own listener, which
    // would show the other page; the entries this page stamped tell which way the address went.
    const page = window.location.pathname;
    const here = historyIndex();
    let returning = false;
    const popState = (event: PopStateEvent) => {
      if (returning) {
        returning = false;
        event.stopImmediatePropagation();
        return;
      }
      // A filter or a tab of this very page (lib/http/address.ts) is not leaving it.
      if (agreed || window.location.pathname === page) return;
      if (window.confirm(message)) {
        agreed = true;
        return;
      }
      event.stopImmediatePropagation();
      returning = true;
      const there = (event.state as Record<string, unknown> | null)?.[INDEX];
      window.history.go(typeof there === "number" && there > here ? -1 : 1);
    };
    window.addEventListener("beforeunload", beforeUnload);
    window.addEventListener("popstate", popState, true);
    // Capture, on the document: before React's handlers (a Link's) on the root see the click.
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      window.removeEventListener("popstate", popState, true);
      document.removeEventListener("click", click, true);
    };
  }, [unsaved, message]);

  return { confirmDiscard: () => !unsaved || window.confirm(message) };
}

/** The key of `history.state` numbering this tab's entries, so that a `popstate` tells back from forward. */
const INDEX = "shiproomIndex";

/** This entry's number: stamped on it if it has none (one more than the highest seen in this tab). */
function historyIndex(): number {
  const state = (window.history.state as Record<string, unknown> | null) ?? {};
  if (typeof state[INDEX] === "number") return state[INDEX];
  const next = Number(window.sessionStorage.getItem(INDEX) ?? "0") + 1;
  window.sessionStorage.setItem(INDEX, String(next));
  window.history.replaceState({ ...state, [INDEX]: next }, "");
  return next;
}
