import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { freePort } from "./app-process";

/** The checked-in balancer config that `npm run cluster` runs too. */
export const HAPROXY_CONFIG = resolve(__dirname, "../../../../deploy/haproxy/haproxy.cfg");

/** Debian installs it in /usr/sbin, which a non-root PATH often lacks. */
export const HAPROXY_BIN = process.env.HAPROXY ?? (existsSync("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy");

export type Balancer = { url: string; port: number; output(): string; stop(): Promise<void> };

/** HAProxy with deploy/haproxy/haproxy.cfg in front of `nodes` ({ port } on 127.0.0.1), on a free port. */
export async function startHaproxy(nodes: { port: number }[]): Promise<Balancer> {
  const port = await freePort();
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", MOIEN_LB_BIND: `127.0.0.1:${port}` };
  nodes.forEach((node, i) => (env[`MOIEN_NODE_${i + 1}`] = `127.0.0.1:${node.port}`));
  let log = "";
  const child: ChildProcess = spawn(HAPROXY_BIN, ["-db", "-f", HAPROXY_CONFIG], { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  let spawnError: Error | undefined;
  child.on("error", (error) => (spawnError = error));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (spawnError) throw new Error(`could not run ${HAPROXY_BIN} (apt-get install haproxy, or set HAPROXY): ${spawnError.message}`);
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${log}`);
    const status = await fetch(`${url}/api/v1/health/live`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`haproxy did not answer within 15 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, output: () => log, stop };
}
