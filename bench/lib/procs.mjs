// Process plumbing: a clock shared by every process, child processes with a raised fd limit,
// and one cleanup list run on normal exit, on failure and on SIGINT/SIGTERM.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Wall-clock milliseconds with sub-ms resolution; the same clock in every process of this machine. */
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const cleanups = [];
/** Registers `fn` to run at exit (last registered runs first); returns a function that unregisters it. */
export function onCleanup(fn) {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}
let shuttingDown = false;
/** True once cleanup started: children dying then are expected, not worth reporting. */
export const isShuttingDown = () => shuttingDown;
let cleaning;
/**
 * Runs the cleanup list, last registered first. A second call while it runs (Ctrl-C makes the failing
 * main and the signal handler both call it) waits for the same pass instead of popping entries out of order.
 */
export function cleanupAll() {
  shuttingDown = true;
  cleaning ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop();
      try {
        await fn();
      } catch (error) {
        console.error(`cleanup failed: ${error.message}`);
      }
    }
  })().finally(() => (cleaning = undefined));
  return cleaning;
}

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Every socket is a file descriptor on both ends: the server holds N, each client process N/4.
const shellLimit = (flag) =>
  Number(
    execFileSync("sh", ["-c", `ulimit ${flag}`])
      .toString()
      .trim(),
  ) || Infinity;
export const fdLimits = () => ({ soft: shellLimit("-Sn"), hard: shellLimit("-Hn") });

/** The fd limit every child gets: as high as the hard limit allows (no root trickery needed). */
export function childFdLimit(wanted = 65536) {
  const { hard } = fdLimits();
  return Math.min(wanted, hard);
}

/**
 * Spawns `node [nodeArgs] script args` through `sh -c 'ulimit -n …; exec node …'` so the child gets the
 * raised fd limit; with `ipc`, an IPC channel using structured clone (typed arrays cross cheaply).
 * The child is killed at cleanup if still running.
 */
export function spawnNode(script, { args = [], nodeArgs = [], env = process.env, ipc = false, name = script, quiet = false } = {}) {
  const limit = childFdLimit();
  const stdio = ["ignore", "pipe", "pipe"];
  if (ipc) stdio.push("ipc");
  const child = spawn("sh", ["-c", `ulimit -n ${limit} && exec "$0" "$@"`, process.execPath, ...nodeArgs, script, ...args], {
    env,
    stdio,
    serialization: "advanced",
  });
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
    if (!quiet) process.stderr.write(`[${name}] ${chunk}`);
  };
  child.stdout.on("data", (c) => (log = (log + c.toString()).slice(-20_000)));
  child.stderr.on("data", keep);
  child.output = () => log;
  child.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const unregister = onCleanup(() => stopChild(child));
  child.exited.then(unregister);
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopChild(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** RSS of a process in bytes, from /proc (no cooperation from the process needed). */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
  } catch {
    return NaN;
  }
}

/** Total CPU seconds (user+system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

export async function waitForHttp(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}:\n${child.output()}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${child.output()}`);
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineCpu() {
  const [, ...v] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
  const idle = v[3] + v[4]; // idle + iowait
  const total = v.reduce((s, x) => s + x, 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}

/**
 * Measures how much CPU the machine spent outside our own processes between start() and stop():
 * the other tests sharing this 2-core machine show up here, so a disturbed measurement is visible.
 */
export function cpuWatch(pids) {
  const own = () =>
    pids().reduce((s, pid) => s + (cpuSecondsOf(pid) || 0), 0) + process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
  const m0 = machineCpu();
  const o0 = own();
  const server = pids()[0];
  const s0 = cpuSecondsOf(server);
  const t0 = performance.now();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const m1 = machineCpu();
    const ours = (own() - o0) / wall;
    const busy = (m1.busy - m0.busy) / wall;
    return {
      wallS: wall,
      machineCores: busy,
      oursCores: ours,
      serverCores: (cpuSecondsOf(server) - s0) / wall,
      otherCores: Math.max(0, busy - ours),
    };
  };
}
