import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { createClient } from "redis";
import { freePort } from "./app-process";

/**
 * PostgreSQL and Redis servers of a test's own, on free ports, so a test can stop and restart
 * them without disturbing the machine's services or the other test files running meanwhile.
 */
export type PrivateService = { url: string; stop(): Promise<void>; start(): Promise<void>; dispose(): Promise<void> };

const asRoot = process.getuid?.() === 0;

function pgBin(name: string): string {
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  return join("/usr/lib/postgresql", versions[0]!, "bin", name);
}

// initdb and postgres refuse to run as root; the Debian package's postgres user runs them.
// (Spawned with its uid rather than through runuser, so that signals reach postgres itself.)
function postgresUser(): { uid?: number; gid?: number } {
  if (!asRoot) return {};
  const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"]).toString().trim()));
  return { uid, gid };
}

function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

export async function startPrivatePostgres(): Promise<PrivateService> {
  const dir = mkdtempSync(join(tmpdir(), "moien-pg-"));
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  const data = join(dir, "data");
  const user = postgresUser();
  execFileSync(pgBin("initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], { stdio: "ignore", ...user });
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  const start = async () => {
    const args = [
      "-D",
      data,
      "-p",
      String(port),
      "-k",
      dir,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "fsync=off",
      "-c",
      "full_page_writes=off",
    ];
    child = spawn(pgBin("postgres"), args, { stdio: "ignore", ...user });
    await waitFor(async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.end();
      return true;
    }, "private PostgreSQL");
  };
  await start();
  return {
    url,
    start,
    // SIGINT is PostgreSQL's "fast" shutdown: open sessions are cut, as in a real restart.
    stop: () => stopChild(child, "SIGINT"),
    dispose: async () => {
      await stopChild(child, "SIGINT");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startPrivateRedis(): Promise<PrivateService> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await waitFor(async () => {
      const client = createClient({ url, socket: { reconnectStrategy: false } });
      client.on("error", () => undefined);
      await client.connect();
      await client.ping();
      await client.close();
      return true;
    }, "private Redis");
  };
  await start();
  return { url, start, stop: () => stopChild(child, "SIGTERM"), dispose: () => stopChild(child, "SIGTERM") };
}

/** Creates a database on a private (or the shared) server and returns its URL. */
export async function createDatabaseOn(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
