import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class DataDirInUseError extends Error {
  constructor(dataDir: string) {
    super(`DATA_DIR ${dataDir} is in use by another process (the embedded database allows one process at a time)`);
  }
}

type Holder = { pid: number; start: string | null };

/**
 * The start time of a process (clock ticks since boot, /proc/<pid>/stat field 22) on Linux, which tells a
 * live holder from a new process that reused its pid; "dead" for a zombie; null where /proc is not available.
 */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return "dead"; // exited, not yet reaped by its parent
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false; // ESRCH: no such process
  }
  if (holder.start === null) return true; // no /proc: a live pid is taken as the holder
  return startTimeOf(holder.pid) === holder.start;
}

function readHolderText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function readHolder(path: string): Holder | "unreadable" | "missing" {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<Holder>;
    if (typeof parsed.pid === "number" && Number.isInteger(parsed.pid) && parsed.pid > 0)
      return { pid: parsed.pid, start: parsed.start ?? null };
    return "unreadable";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable";
  }
}

/**
 * PGlite has no lock of its own and two processes on one directory corrupt it, so the directory is
 * locked for the life of the process: `.lock` names the holder's pid and start time. A holder that is
 * no longer running (crashed, SIGKILLed) loses the lock at once; a live one keeps it however busy it is
 * (nothing to refresh, so an event-loop stall cannot cost the lock or the process).
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, ".lock");
  const mine = JSON.stringify({ pid: process.pid, start: startTimeOf(process.pid) });
  for (let attempt = 0; attempt < 5; attempt++) {
    // Written aside, then linked into place: the lock never exists without its content.
    const candidate = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(candidate, mine);
    try {
      linkSync(candidate, path);
      return async () => {
        if (readHolderText(path) === mine) unlinkSync(path);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      rmSync(candidate, { force: true });
    }
    removeIfStale(path, dataDir);
  }
  throw new DataDirInUseError(dataDir);
}

function removeIfStale(path: string, dataDir: string): void {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return removeLegacyLock(path, dataDir);
  const holder = readHolder(path);
  if (holder === "missing") return;
  if (holder !== "unreadable" && isAlive(holder)) throw new DataDirInUseError(dataDir);
  // Moved aside before removal, and checked: if another starter replaced the stale lock meanwhile with
  // its own, it is put back and this one gives way.
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved !== "unreadable" && moved !== "missing" && isAlive(moved)) {
    try {
      linkSync(aside, path);
    } finally {
      rmSync(aside, { force: true });
    }
    throw new DataDirInUseError(dataDir);
  }
  rmSync(aside, { force: true });
}

// Earlier versions locked with proper-lockfile: a directory refreshed every 2 s, stale after 10 s.
function removeLegacyLock(path: string, dataDir: string): void {
  const age = Date.now() - statSync(path).mtimeMs;
  if (age < 10_000) throw new DataDirInUseError(dataDir);
  rmSync(path, { recursive: true, force: true });
}
