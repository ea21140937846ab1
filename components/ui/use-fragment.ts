"use client";
import { useEffect, useState } from "react";

/**
 * The address's fragment (`#comment-…`, `#promotion-4`), or "" before the page is in a browser.
 * CSS's :target does not follow the history.pushState of a client-side navigation (Next's links),
 * so the fragment is read here, on mount and on every hashchange, for what a link points at to be
 * marked.
 */
export function useFragment(): string {
  const [fragment, setFragment] = useState("");
  useEffect(() => {
    const check = () => setFragment(window.location.hash);
    check();
    window.addEventListener("hashchange", check);
    return () => window.removeEventListener("hashchange", check);
  }, []);
  return fragment;
}
