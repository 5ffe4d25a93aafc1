import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { API_MAIN, TEST_ADMIN, testAppEnv } from "./app-env.mjs";

export { API_MAIN, TEST_ADMIN, testAppEnv };

export type AppProcess = {
  url: string;
  port: number;
  dataDir: string;
  admin: { email: string; password: string };
  /** Everything the process printed, for assertions and for diagnosing a failed start. */
  output(): string;
  /** The running process's id, to read its memory from outside. */
  pid(): number | undefined;
  adminToken(): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
};

export type StartAppOptions = { env?: Record<string, string>; dataDir?: string };

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), "moien-test-"));
}

/** Spawns the built API (`apps/api/dist/main.js`) on a free port and waits until it is healthy. */
export async function startApp(options: StartAppOptions = {}): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = options.dataDir ?? makeDataDir();
  const env = {
    ...process.env,
    ...testAppEnv({ port, dataDir }),
    ...options.env,
  };
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let log = "";

  const launch = async () => {
    child = spawn(process.execPath, [API_MAIN], { env, stdio: ["ignore", "pipe", "pipe"] });
    // stdio "pipe" gives both streams
    child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    await waitUntilHealthy(url, child, () => log);
  };

  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    url,
    port,
    dataDir,
    admin: TEST_ADMIN,
    output: () => log,
    pid: () => child.pid,
    adminToken: async () => login(url, TEST_ADMIN.email, TEST_ADMIN.password),
    stop: async (signal) => {
      await stop(signal);
    },
    restart: async () => {
      await stop();
      await launch();
    },
  };
}

async function waitUntilHealthy(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} before it was healthy:\n${log()}`);
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`the API did not become healthy within 30 s:\n${log()}`);
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login of ${email} failed with ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { accessToken?: string; mfa?: string };
  if (!body.accessToken) throw new Error(`login of ${email} asks for a second factor (${body.mfa}): use the MFA flow`);
  return body.accessToken;
}

/** Stops the app and removes its data directory. */
export async function disposeApp(app: AppProcess | undefined): Promise<void> {
  if (!app) return;
  await app.stop();
  rmSync(app.dataDir, { recursive: true, force: true });
}
