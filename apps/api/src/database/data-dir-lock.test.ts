import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirInUseError, lockDataDir } from "./data-dir-lock";

const dirs: string[] = [];
const aDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "moien-lock-"));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// A pid that certainly belonged to a process that has exited (and been reaped).
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid;

describe("lockDataDir", () => {
  it("should refuse a directory whose holder is alive, and free it on unlock", async () => {
    const dir = aDir();
    const unlock = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirInUseError);
    await unlock();
    const again = await lockDataDir(dir);
    await again();
  });

  it("should take over at once a lock whose holder is no longer running", async () => {
    const dir = aDir();
    writeFileSync(join(dir, ".lock"), JSON.stringify({ pid: deadPid(), start: "123" }));
    const unlock = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, ".lock"), "utf8"))).toMatchObject({ pid: process.pid });
    await unlock();
  });

  it("should take over a lock whose pid was reused by another process (start time differs)", async () => {
    const dir = aDir();
    writeFileSync(join(dir, ".lock"), JSON.stringify({ pid: process.ppid, start: "1" }));
    const unlock = await lockDataDir(dir);
    await unlock();
  });

  it("should take over an unreadable lock file", async () => {
    const dir = aDir();
    writeFileSync(join(dir, ".lock"), "");
    const unlock = await lockDataDir(dir);
    await unlock();
  });
});
