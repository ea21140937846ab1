"use client";
import { createContext, useContext, type ReactNode } from "react";
import { SYSTEM_NAME } from "@/lib/auth/actor";
import { cn } from "./cn";

// White initials on each keep a contrast of at least 4.5:1 (WCAG 2.1 AA, 1.4.3); neighbours are
// far apart in hue, so the first members to join never share a colour.
const palette = [
  "bg-sky-700",
  "bg-rose-700",
  "bg-emerald-700",
  "bg-violet-700",
  "bg-amber-700",
  "bg-teal-700",
  "bg-fuchsia-700",
  "bg-indigo-700",
  "bg-orange-700",
  "bg-cyan-700",
  "bg-lime-800",
  "bg-pink-700",
];

/** The team's names in joining order: a member's colour is their place in it, so members get distinct colours (12 before any repeats). */
const Team = createContext<readonly string[]>([]);

export function AvatarColours({ names, children }: { names: readonly string[]; children: ReactNode }) {
  return <Team.Provider value={names}>{children}</Team.Provider>;
}

/** A name's colour: its place in the team, else (a name no longer in it) a hash of the name; Shiproom itself is slate. */
function colourOf(team: readonly string[], name: string): string {
  if (name === SYSTEM_NAME) return "bg-slate-600";
  const place = team.indexOf(name);
  return palette[(place >= 0 ? place : [...name].reduce((sum, ch) => sum + ch.charCodeAt(0), 0)) % palette.length]!;
}

export function Avatar({ name, className }: { name: string; className?: string }) {
  const team = useContext(Team);
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold text-white",
        colourOf(team, name),
        className,
      )}
    >
      {initials || "?"}
    </span>
  );
}
