// The time by which the server's waiting rules are read — reminders, escalations, a digest's hour:
// one `now()` for all of them. It is the machine's clock, moved forward by the milliseconds written
// in the file SHIPROOM_CLOCK_OFFSET_FILE names, when that is set: tests of the running app reach a
// moment without waiting for it, and every server process reads the same file. Unset (production),
// `now()` is the machine's clock; there is no API to move it.
import fs from "node:fs";
import { clockOffsetFile } from "@/lib/env";

let read: { file: string; mtimeMs: number; size: number; offset: number } | null = null;

/** The offset in milliseconds `file` holds (a plain number); 0 when there is no file, or no number in it. Read again when the file changes. */
export function offsetIn(file: string | undefined): number {
  if (!file) return 0;
  try {
    const { mtimeMs, size } = fs.statSync(file);
    if (read && read.file === file && read.mtimeMs === mtimeMs && read.size === size) return read.offset;
    const value = Number(fs.readFileSync(file, "utf8").trim());
    read = { file, mtimeMs, size, offset: Number.isFinite(value) ? value : 0 };
    return read.offset;
  } catch {
    return 0;
  }
}

/** The server's present moment. */
export function now(): Date {
  return new Date(Date.now() + offsetIn(clockOffsetFile()));
}
