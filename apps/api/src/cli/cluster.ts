import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startTcpBalancer } from "../cluster/tcp-balancer";

const HELP = `Run a local cluster: N API nodes sharing one PostgreSQL and one Redis, behind a TCP balancer.

Usage: npm run cluster -- [--nodes 3] [--port 3000]

  --nodes   how many nodes (default 3), on ports PORT+1 … PORT+N
  --port    the balancer's port (default 3000): open http://localhost:PORT

Environment: DATABASE_URL (required: the embedded store is single-process),
REDIS_URL (default redis://127.0.0.1:6379), JWT_SECRET (generated for the run when unset),
and every other variable of the README, passed to each node.
Behind this balancer Socket.IO clients must use transports: ["websocket"].`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { nodes: { type: "string" }, port: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) return void console.log(HELP);
  const count = Number(values.nodes ?? 3);
  const port = Number(values.port ?? 3000);
  if (!Number.isInteger(count) || count < 1 || count > 8 || !Number.isInteger(port)) {
    console.error(`--nodes must be 1 to 8 and --port a number\n\n${HELP}`);
    process.exit(2);
  }
  if (!process.env.DATABASE_URL) {
    console.error(`DATABASE_URL is required for a cluster (the embedded store allows one process)\n\n${HELP}`);
    process.exit(2);
  }
  const env = {
    ...process.env,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(48).toString("base64url"),
  };
  const nodes: ChildProcess[] = [];
  for (let i = 1; i <= count; i++) {
    const dataDir = resolve(process.env.DATA_DIR ?? "./data", `node-${i}`);
    nodes.push(spawn(process.execPath, [join(__dirname, "../main.js")], { env: { ...env, PORT: String(port + i), DATA_DIR: dataDir }, stdio: "inherit" }));
  }
  const balancer = await startTcpBalancer(
    nodes.map((_, i) => ({ host: "127.0.0.1", port: port + i + 1 })),
    port,
    process.env.HOST ?? "0.0.0.0",
  );
  console.log(`cluster: ${count} nodes on ports ${port + 1}-${port + count}, balancer on http://localhost:${balancer.port}`);
  const stop = async () => {
    await balancer.close();
    for (const node of nodes) node.kill("SIGTERM");
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

void main();
