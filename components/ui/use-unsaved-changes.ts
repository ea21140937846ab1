"use client";
import { useEffect } from "react";

/**
 * Asks before words typed and not saved are lost (a case, a comment, a sign-off) while `unsaved`:
 * closing the tab, reloading or leaving the site get the browser's own question (`beforeunload`);
 * a link to another page of the app, which Next follows without unloading, gets `message`
 * (window.confirm, before the link's own handler; Cancel stays). Back and forward to another page
 * of the app get it too, where the browser lets a step through the history be cancelled (the
 * Navigation API). `confirmDiscard` asks the same for a way
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
    // Back or forward to another page of the app (Next shows it without unloading this one): the
    // Navigation API's `navigate` comes before the address moves and before Next hears of it, and
    // staying cancels the step. Where a browser cannot cancel it, nothing is asked.
    const page = window.location.pathname;
    const traverse = (event: NavigateEvent) => {
      if (agreed || event.navigationType !== "traverse" || !event.cancelable) return;
      if (new URL(event.destination.url).pathname === page) return; // a filter or tab of this page
      if (window.confirm(message)) {
        agreed = true;
        return;
      }
      event.preventDefault();
    };
    const navigation = (window as { navigation?: NavigationTarget }).navigation;
    window.addEventListener("beforeunload", beforeUnload);
    navigation?.addEventListener("navigate", traverse);
    // Capture, on the document: before React's handlers (a Link's) on the root see the click.
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      navigation?.removeEventListener("navigate", traverse);
      document.removeEventListener("click", click, true);
    };
  }, [unsaved, message]);

  return { confirmDiscard: () => !unsaved || window.confirm(message) };
}

/** The part of the Navigation API this hook uses (TypeScript's DOM types lack it). */
type NavigateEvent = Event & {
  navigationType: "push" | "replace" | "reload" | "traverse";
  cancelable: boolean;
  destination: { url: string };
};
type NavigationTarget = {
  addEventListener(type: "navigate", listener: (event: NavigateEvent) => void): void;
  removeEventListener(type: "navigate", listener: (event: NavigateEvent) => void): void;
};
