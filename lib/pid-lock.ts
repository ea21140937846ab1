// A lock file holding the owner's pid, as PostgreSQL's postmaster.pid: taken atomically,
// released on exit, and taken over when its process is gone (a crash leaves it stale).
import fs from "node:fs";
import path from "node:path";

export type PidLock = { release: () => void } | { heldBy: number };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function tryPidLock(file: string): PidLock {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const owner = Number.parseInt(fs.readFileSync(file, "utf8"), 10);
      if (owner === process.pid) return { release: () => {} };
      if (Number.isInteger(owner) && isAlive(owner)) return { heldBy: owner };
      fs.rmSync(file, { force: true });
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    try {
      if (Number.parseInt(fs.readFileSync(file, "utf8"), 10) === process.pid) fs.rmSync(file);
    } catch {
      // Already gone.
    }
  };
  process.on("exit", release);
  return { release };
}

/** Waits (polling) until the lock is free, then holds it. */
export async function waitForPidLock(file: string, onWait: (pid: number) => void): Promise<() => void> {
  let announced = false;
  for (;;) {
    const lock = tryPidLock(file);
    if ("release" in lock) return lock.release;
    if (!announced) onWait(lock.heldBy);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
