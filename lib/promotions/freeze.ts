// Freeze windows: one-off (an absolute from–to) or weekly (wall-clock day and time in a time
// zone, so "Fri 16:00 → Mon 08:00 Europe/Berlin" stays that across daylight-saving changes).
import { DateTime, IANAZone } from "luxon";

export type FreezeWindowSpec =
  | { kind: "ONE_OFF"; label: string; timeZone: string; startsAt: Date; endsAt: Date }
  | { kind: "WEEKLY"; label: string; timeZone: string; startDay: number; startTime: string; endDay: number; endTime: string };

export type ActiveFreeze = { label: string; until: Date; timeZone: string };

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export type LocalMoment = { ok: true; instant: Date } | { ok: false; message: string };

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A one-off freeze's moment — a wall clock "2027-02-26T16:00" in `zone`, or an ISO instant with an
 * offset — as an instant. One rule for the policy editor, the API and shiproom.yaml, so what a
 * file and the app say of the same window is the same: a date that does not exist is refused; a
 * time the clocks skip (spring forward) is refused; a time that happens twice (fall back) is the
 * first of the two.
 */
export function localMoment(moment: string, zone: string): LocalMoment {
  if (!isValidTimeZone(zone)) return { ok: false, message: `unknown time zone "${zone}"` };
  const wall = WALL_CLOCK.exec(moment);
  if (!wall) {
    const instant = /(Z|[+-]\d{2}:?\d{2})$/.test(moment) ? DateTime.fromISO(moment, { setZone: true }) : null;
    return instant?.isValid && instant.year >= 1970 && instant.year <= 9999
      ? { ok: true, instant: instant.toJSDate() }
      : { ok: false, message: `"${moment}" is not a date and time (use 2026-11-27T16:00)` };
  }
  const [year, month, day, hour, minute] = wall.slice(1).map(Number) as [number, number, number, number, number];
  const date = `${wall[1]}-${wall[2]}-${wall[3]}`;
  if (!DateTime.fromObject({ year, month, day }, { zone: "UTC" }).isValid || year < 1970)
    return { ok: false, message: `${date} does not exist` };
  if (hour > 23 || minute > 59) return { ok: false, message: `${wall[4]}:${wall[5]} is not a time of day` };
  // Each offset the zone has around then, kept when it really shows this wall clock; the earliest wins.
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const tz = IANAZone.create(zone);
  const offsets = new Set([tz.offset(asUtc - 86_400_000), tz.offset(asUtc), tz.offset(asUtc + 86_400_000)]);
  const instants = [...offsets].map((offset) => asUtc - offset * 60_000).filter((t) => tz.offset(t) === (asUtc - t) / 60_000);
  if (instants.length === 0)
    return { ok: false, message: `${wall[4]}:${wall[5]} does not exist on ${date} in ${zone}: the clocks go forward then` };
  return { ok: true, instant: new Date(Math.min(...instants)) };
}

function minutes(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h! * 60 + m!;
}

/** Minutes since Monday 00:00, in the window's zone. */
function weekMinute(local: DateTime): number {
  return (local.weekday - 1) * 24 * 60 + local.hour * 60 + local.minute;
}

/** The next moment (after `local`) when the wall clock shows `day` `time`. */
function nextWallClock(local: DateTime, day: number, time: string): DateTime {
  const [hour, minute] = time.split(":").map(Number);
  let candidate = local
    .startOf("week")
    .plus({ days: day - 1 })
    .set({ hour, minute, second: 0, millisecond: 0 });
  while (candidate <= local) candidate = candidate.plus({ weeks: 1 });
  return candidate;
}

/** Whether the window is in force at `now`, and until when. */
export function freezeAt(window: FreezeWindowSpec, now: Date): ActiveFreeze | null {
  if (window.kind === "ONE_OFF") {
    return window.startsAt <= now && now < window.endsAt ? { label: window.label, until: window.endsAt, timeZone: window.timeZone } : null;
  }
  const local = DateTime.fromJSDate(now, { zone: window.timeZone });
  const at = weekMinute(local);
  const start = (window.startDay - 1) * 24 * 60 + minutes(window.startTime);
  const end = (window.endDay - 1) * 24 * 60 + minutes(window.endTime);
  // A window may wrap over Sunday night (Fri 16:00 → Mon 08:00).
  const inside = start < end ? at >= start && at < end : at >= start || at < end;
  if (!inside) return null;
  return { label: window.label, until: nextWallClock(local, window.endDay, window.endTime).toJSDate(), timeZone: window.timeZone };
}

/** The freeze in force at `now` that lasts longest (windows may overlap), or null. */
export function activeFreeze(windows: FreezeWindowSpec[], now: Date): ActiveFreeze | null {
  let longest: ActiveFreeze | null = null;
  for (const window of windows) {
    const active = freezeAt(window, now);
    if (active && (!longest || active.until > longest.until)) longest = active;
  }
  return longest;
}

/** The next freeze to begin within `withinDays`, for the board's "freeze starts …" line. */
export function nextFreeze(
  windows: FreezeWindowSpec[],
  now: Date,
  withinDays = 7,
): { label: string; startsAt: Date; timeZone: string } | null {
  const horizon = now.getTime() + withinDays * 24 * 3600_000;
  let soonest: { label: string; startsAt: Date; timeZone: string } | null = null;
  for (const window of windows) {
    const startsAt =
      window.kind === "ONE_OFF"
        ? window.startsAt
        : nextWallClock(DateTime.fromJSDate(now, { zone: window.timeZone }), window.startDay, window.startTime).toJSDate();
    if (startsAt > now && startsAt.getTime() <= horizon && (!soonest || startsAt < soonest.startsAt)) {
      soonest = { label: window.label, startsAt, timeZone: window.timeZone };
    }
  }
  return soonest;
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** "Fri 16:00 → Mon 08:00 (Europe/Berlin)" or "27 Nov 2026, 18:00 → 30 Nov 2026, 08:00 (Europe/Berlin)". */
export function describeWindow(window: FreezeWindowSpec): string {
  if (window.kind === "WEEKLY") {
    const day = (d: number) => WEEKDAYS[d - 1]!.slice(0, 3);
    return `every ${day(window.startDay)} ${window.startTime} → ${day(window.endDay)} ${window.endTime} (${window.timeZone})`;
  }
  const fmt = (d: Date) => DateTime.fromJSDate(d, { zone: window.timeZone }).toFormat("d LLL yyyy, HH:mm");
  return `${fmt(window.startsAt)} → ${fmt(window.endsAt)} (${window.timeZone})`;
}

/** "Mon 30 Nov, 08:00 Europe/Berlin": when a freeze ends, in its own zone. */
export function formatInZone(date: Date, timeZone: string): string {
  return `${DateTime.fromJSDate(date, { zone: timeZone }).toFormat("ccc d LLL, HH:mm")} ${timeZone}`;
}
