#!/usr/bin/env node
// `npm run cluster`: N API nodes sharing one PostgreSQL and one Redis, behind HAProxy with the
// checked-in deploy/haproxy/haproxy.cfg. Ctrl-C stops the balancer and every node.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MAIN = join(root, "apps/api/dist/main.js");
const CONFIG = join(root, "deploy/haproxy/haproxy.cfg");
const MAX_NODES = 8; // the config lists MOIEN_NODE_1 … MOIEN_NODE_8

const HELP = `Run a local cluster: N API nodes sharing one PostgreSQL and one Redis, behind HAProxy.

Usage: npm run cluster -- [--nodes 3] [--port 3000]

  --nodes   how many nodes (1 to ${MAX_NODES}, default 3), on 127.0.0.1 ports PORT+1 … PORT+N
  --port    the balancer's port (default 3000, on HOST, default 0.0.0.0): open http://localhost:PORT

Environment: DATABASE_URL (required: the embedded store is single-process),
REDIS_URL (default redis://127.0.0.1:6379), JWT_SECRET (generated for the run when unset),
HAPROXY (the haproxy binary, default /usr/sbin/haproxy), and every other variable of the README,
passed to each node. The nodes trust the balancer (TRUST_PROXY=127.0.0.1) for client addresses.`;

const { values } = parseArgs({ options: { nodes: { type: "string" }, port: { type: "string" }, help: { type: "boolean" } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const count = Number(values.nodes ?? 3);
const port = Number(values.port ?? 3000);
if (!Number.isInteger(count) || count < 1 || count > MAX_NODES || !Number.isInteger(port) || port < 1 || port + count > 65535) {
  console.error(`--nodes must be 1 to ${MAX_NODES} and --port a port number\n\n${HELP}`);
  process.exit(2);
}
if (!process.env.DATABASE_URL) {
  console.error(`DATABASE_URL is required for a cluster (the embedded store allows one process)\n\n${HELP}`);
  process.exit(2);
}
const haproxyBin = process.env.HAPROXY ?? (existsSync("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy");

const nodeEnv = {
  ...process.env,
  HOST: "127.0.0.1", // reachable through the balancer only
  TRUST_PROXY: process.env.TRUST_PROXY ?? "127.0.0.1",
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(48).toString("base64url"),
  // Behind the balancer every client looks local, so /metrics needs its token (printed below).
  METRICS_TOKEN: process.env.METRICS_TOKEN ?? randomBytes(24).toString("base64url"),
};

/** @type {{ name: string, child: import("node:child_process").ChildProcess }[]} */
const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  if (alive.length === 0) process.exit(code);
  let left = alive.length;
  for (const { child } of alive) {
    child.once("exit", () => --left === 0 && process.exit(code));
    child.kill("SIGTERM");
  }
  // A node finishes in-flight work within 10 s; past that, nothing is left worth waiting for.
  setTimeout(() => {
    for (const { child } of alive) child.kill("SIGKILL");
  }, 12_000).unref();
}

function start(name, command, args, env) {
  // Own process group: a terminal's Ctrl-C reaches this script only, which stops each child once (SIGTERM).
  const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "inherit"], detached: true });
  children.push({ name, child });
  child.on("error", (error) => {
    console.error(`cluster: could not start ${name} (${command}): ${error.message}`);
    stopAll(1);
  });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`cluster: ${name} exited (${signal ?? code})`);
    // Without the balancer there is no cluster; a node may die and come back (that is the point).
    if (name === "haproxy") stopAll(1);
  });
  return child;
}

async function healthy(url, deadline) {
  while (Date.now() < deadline) {
    const status = await fetch(`${url}/api/v1/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
// Never leave a child behind, whatever ends this process.
process.on("exit", () => {
  for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
});

const dataRoot = resolve(process.env.DATA_DIR ?? "./data");
const balancerEnv = { PATH: process.env.PATH ?? "", MOIEN_LB_BIND: `${process.env.HOST ?? "0.0.0.0"}:${port}` };
for (let i = 1; i <= count; i++) {
  start(`node ${i}`, process.execPath, [MAIN], { ...nodeEnv, PORT: String(port + i), DATA_DIR: join(dataRoot, `node-${i}`) });
  balancerEnv[`MOIEN_NODE_${i}`] = `127.0.0.1:${port + i}`;
}
// The first start runs the migrations; waiting keeps the balancer's first health checks green.
const deadline = Date.now() + 60_000;
const ready = await Promise.all(Array.from({ length: count }, (_, i) => healthy(`http://127.0.0.1:${port + i + 1}`, deadline)));
if (stopping) process.exitCode = 1;
else if (!ready.every(Boolean)) {
  console.error("cluster: a node did not become healthy within 60 s");
  stopAll(1);
} else {
  start("haproxy", haproxyBin, ["-db", "-f", CONFIG], balancerEnv);
  console.log(`cluster: ${count} nodes on 127.0.0.1:${port + 1}-${port + count}, HAProxy on http://localhost:${port} (Ctrl-C stops all)`);
  if (!process.env.METRICS_TOKEN) console.log("cluster: /metrics needs Authorization: Bearer " + nodeEnv.METRICS_TOKEN);
}
