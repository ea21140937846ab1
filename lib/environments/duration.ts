// How long a promotion may wait before its approvers are reminded or the admins told: "30m",
// "4h", "1d" — whole minutes, hours or days, as the policy editor and shiproom.yaml write them,
// kept as minutes. Pure: the CLI, the browser and the server read it alike.
import { z } from "zod";

const UNITS = { m: 1, h: 60, d: 1440 } as const;
const MAX_MINUTES = 30 * 1440;

/** "4h" → 240; null when it is not a duration Shiproom takes. */
function parseDuration(text: string): number | null {
  const match = /^\s*(\d{1,5})\s*([mhd])\s*$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
  return minutes >= 1 && minutes <= MAX_MINUTES ? minutes : null;
}

/** 240 → "4h", 90 → "90m", 2880 → "2d": the largest unit that divides it. */
function formatDuration(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

const MESSAGE = 'use a duration like "30m", "4h" or "1d" (at most 30d)';

/** A duration field, or null (off); `capital` for the app's sentences ("Use a duration…"). */
export function durationSchema(capital = false) {
  const message = capital ? MESSAGE.charAt(0).toUpperCase() + MESSAGE.slice(1) : MESSAGE;
  return z
    .string({ error: message })
    .max(20, message)
    .refine((value) => parseDuration(value) !== null, message)
    .nullable()
    .default(null);
}

/** Minutes as the policy shows them, or null (off). */
export const durationOf = (minutes: number | null): string | null => (minutes === null ? null : formatDuration(minutes));

/** A duration as minutes, or null (off); the text was validated. */
export const minutesOf = (text: string | null): number | null => (text === null ? null : parseDuration(text));
