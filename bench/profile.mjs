// Profiles one write under load: the API started as the bench starts it, with `--cpu-prof`, on a fresh
// store (`--store embedded|postgres`), `--op delete|register|list` for `--seconds` with 10 connections, no
// listener. Prints req/s, the top functions by self time and the time per source area (API, drizzle,
// pg, fastify, nest, node), and, on PostgreSQL, the statements' mean time from pg_stat_statements when
// the extension is there. `npm run bench:profile -- --store postgres --op delete`.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cleanupAll } from "./lib/procs.mjs";
import { createBenchDatabase, seedUsers, startApi } from "./lib/servers.mjs";
import { nextRegistration } from "./lib/workload.mjs";
import { cannon } from "./scenarios/writes.mjs";

const { values } = parseArgs({
  options: {
    store: { type: "string", default: "postgres" },
    op: { type: "string", default: "delete" },
    seconds: { type: "string", default: "8" },
  },
});
const duration = Number(values.seconds);
const profDir = mkdtempSync(join(tmpdir(), "moien-prof-"));
process.env.BENCH_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${profDir}`;

try {
  const database = values.store === "postgres" ? await createBenchDatabase() : null;
  let api = await startApi({ databaseUrl: database?.url });
  if (!database) await api.stop();
  const { ids } = await seedUsers({ databaseUrl: database?.url, dataDir: api.dataDir }, 20_000);
  if (!database) api = await startApi({ dataDir: api.dataDir });
  const list = { method: "GET", path: "/api/v1/users", headers: { authorization: `Bearer ${api.token}` } };
  const request =
    values.op === "list"
      ? list
      : values.op === "delete"
        ? {
            method: "DELETE",
            setupRequest: (req) => ({ ...req, path: `/api/v1/users/${ids.pop()}`, headers: { authorization: `Bearer ${api.token}` } }),
          }
        : {
            method: "POST",
            path: "/api/v1/users/register",
            headers: { "content-type": "application/json" },
            setupRequest: (req) => ({ ...req, body: JSON.stringify(nextRegistration()) }),
          };
  await cannon({ url: api.url, connections: 10, duration: 2, requests: [request] }); // warm-up
  const result = await cannon({ url: api.url, connections: 10, duration, requests: [request] });
  console.log(
    `${values.op} on ${values.store}: ${(result.requests.total / result.duration).toFixed(0)} req/s, p50 ${result.latency.p50} ms, non2xx ${result.non2xx}`,
  );
  await api.stop();
  // The measured API's main thread: on the embedded store an earlier API ran (and profiled) before the
  // seed; files are CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile, the main thread numbered 0.
  const mainThreads = readdirSync(profDir)
    .filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
    .sort();
  report(join(profDir, mainThreads.at(-1)));
} finally {
  await cleanupAll();
}

function report(file) {
  const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = new Map();
  samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const area = (url) =>
    !url
      ? "(native, gc, idle)"
      : /apps\/api\/dist/.test(url)
        ? "api"
        : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith("node:") ? "node" : url));
  const byArea = new Map();
  const byFn = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const a = area(callFrame.url);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
    const key = `${callFrame.functionName || "(anonymous)"} ${a}:${callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`)
      .join("\n");
  console.log(`self time by area (of ${(total / 1e6).toFixed(1)} s sampled):\n${top(byArea, 15)}`);
  console.log(`top functions by self time:\n${top(byFn, 30)}`);
}
