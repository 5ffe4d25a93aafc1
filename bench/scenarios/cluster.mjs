// Cluster fan-out: the fan-out measurement of scenarios/fanout.mjs on TWO API nodes sharing one fresh
// PostgreSQL database and the machine's Redis (Redis Streams adapter), as docs/operations.md deploys them.
// Half of the sockets are held on node A, half on node B; the paced events alternate between the nodes'
// REST endpoints (lib/workload.mjs `clusterTarget`), so every event reaches half of its sockets through
// the Redis stream. Tiers 1k and 5k; 10k only when the time spent so far says it fits the budget.
import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import { Fleet, settleCounts } from "../lib/fleet.mjs";
import { concat } from "../lib/stats.mjs";
import { cpuSecondsOf, cpuWatch, onCleanup, sleep } from "../lib/procs.mjs";
import { apiMetrics, createBenchDatabase, databasePids, login, startClusterNode } from "../lib/servers.mjs";
import { summarize } from "../lib/stats.mjs";
import { cdfPoints } from "../lib/svg.mjs";
import { clusterTarget, runEventStream } from "../lib/workload.mjs";
import { DISTURBED } from "./fanout.mjs";

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const LABEL = "API cluster (2 nodes, PostgreSQL + Redis Streams)";

function distribution(samples) {
  const { sorted, ...summary } = summarize(samples);
  return { ...summary, points: cdfPoints(sorted) };
}

async function redisClient() {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
  client.on("error", () => {}); // reported through the awaited calls
  await client.connect();
  return client;
}
const closeRedis = (c) => (c.close ? c.close() : c.quit()).catch(() => {});

/** Deletes every key of the run's prefix (the `<prefix>:socket.io` stream and its sessions). */
async function dropPrefix(prefix) {
  const client = await redisClient();
  let deleted = 0;
  try {
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      const keys = Array.isArray(batch) ? batch : [batch]; // node-redis 5 yields batches, 4 single keys
      if (keys.length) deleted += await client.del(keys);
    }
  } finally {
    await closeRedis(client);
  }
  return deleted;
}

/** Both fleets as one: counts summed, settled together. */
function settleAll(fleets, expected) {
  const summed = async () => {
    const c = { received: 0, duplicates: 0, unexpectedDisconnects: 0, sockets: 0 };
    for (const x of await Promise.all(fleets.map((f) => f.counts()))) for (const k of Object.keys(c)) c[k] += x[k];
    return c;
  };
  return settleCounts(summed, expected, { quietMs: 5_000, timeoutMs: 120_000 });
}

async function measureTier(nodes, fleets, ownPids, { events, intervalMs }) {
  await Promise.all(fleets.map((f) => f.reset(true)));
  const before = await Promise.all(nodes.map((node) => apiMetrics(node.url))); // also resets each node's event-loop histogram
  const cpu0 = nodes.map((n) => cpuSecondsOf(n.pid));
  const watch = cpuWatch(ownPids);
  const started = performance.now();
  const stream = await runEventStream(clusterTarget(nodes), { count: events, intervalMs });
  const sockets = fleets.reduce((s, f) => s + f.size, 0);
  const expected = stream.table.length * sockets;
  const counts = await settleAll(fleets, expected);
  const wall = (performance.now() - started) / 1000;
  const nodeCpu = nodes.map((n, i) => (cpuSecondsOf(n.pid) - cpu0[i]) / wall);
  const cpu = watch();
  const after = await Promise.all(nodes.map((node) => apiMetrics(node.url)));
  const perNode = nodes.map((n, i) => {
    const emits = after[i].fanoutCount - before[i].fanoutCount;
    return {
      name: n.name,
      sockets: fleets[i].size,
      cpu: nodeCpu[i],
      served: stream.table.filter((e) => e.node === i).length,
      emits,
      emitMeanMs: emits ? (after[i].fanoutSum - before[i].fanoutSum) / emits : NaN,
      loopP99Ms: after[i].loopP99Ms,
      loopMaxMs: after[i].loopMaxMs,
    };
  });
  // Every (event, socket) delivery; and split by whether the socket sits on the node that served the
  // request ("same node") or on the other one (the event crossed Redis, unless the other node's relay published it).
  const parts = await Promise.all(fleets.map((f) => f.collect(stream.table)));
  const split = { same: [[], []], other: [[], []] };
  for (const [fi, f] of fleets.entries()) {
    for (const [side, pick] of [
      ["same", (e) => e.node === fi],
      ["other", (e) => e.node !== fi],
    ]) {
      const table = stream.table.filter(pick);
      if (!table.length) continue;
      const c = await f.collect(table);
      split[side][0].push(c.fromResponse);
      split[side][1].push(c.fromStart);
    }
  }
  const delivered = stream.table.map((_, i) => parts.reduce((s, p) => s + p.delivered[i], 0));
  const brief = (samples) => {
    const { sorted: _sorted, ...s } = summarize(samples);
    return { n: s.n, p50: s.p50, p90: s.p90, p99: s.p99, max: s.max };
  };
  return {
    serverCpu: nodeCpu.reduce((s, v) => s + v, 0),
    cpu,
    perNode,
    emit: { emits: perNode.reduce((s, n) => s + n.emits, 0) },
    events: stream.table.length,
    failures: stream.failures,
    lateMs: stream.lateMs,
    expected,
    delivered: delivered.reduce((s, v) => s + v, 0),
    minPerEvent: Math.min(...delivered),
    duplicates: parts.reduce((s, p) => s + p.duplicates, 0),
    unknown: parts.reduce((s, p) => s + p.unknown, 0),
    disconnects: counts.unexpectedDisconnects,
    fromResponse: distribution(concat(parts.map((p) => p.fromResponse))),
    fromStart: distribution(concat(parts.map((p) => p.fromStart))),
    sameNode: { fromResponse: brief(concat(split.same[0])), fromStart: brief(concat(split.same[1])) },
    otherNode: { fromResponse: brief(concat(split.other[0])), fromStart: brief(concat(split.other[1])) },
    httpMs: distribution(stream.table.map((e) => e.response - e.start)),
  };
}

/**
 * `budgetS`: the whole scenario should stay under this; the 10k tier runs only if the 5k tier's cost,
 * doubled, still fits. Returns { rows, meta } for results.json's `cluster`.
 */
export async function runCluster({ tiers = [1000, 5000, 10000], events, intervalMs, maxAttempts = 2, budgetS = 150, log }) {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const rows = [];
  const skipped = [];
  const prefix = `bench-${randomBytes(6).toString("hex")}`;
  const jwtSecret = randomBytes(48).toString("base64url"); // 64 characters, shared by both nodes

  // Redis must answer before anything starts; its own CPU counts as the bench's (it is the cluster's bus).
  const probe = await redisClient().catch((error) => {
    throw new Error(`cluster: Redis at ${REDIS_URL} is unavailable (${error.message}); set BENCH_REDIS_URL or skip with --only=`);
  });
  const redisPid = Number(/process_id:(\d+)/.exec(await probe.info("server"))?.[1]) || undefined;
  const redisVersion = /redis_version:(\S+)/.exec(await probe.info("server"))?.[1] ?? "?";
  await closeRedis(probe);
  const nodes = [];
  // Registered before the nodes start, so it normally runs after they are stopped (the cleanup list is
  // LIFO); on Ctrl-C two cleanup passes may run at once, so it stops the nodes itself first: a node
  // saves its sockets' sessions (`<prefix>:socket.io:session:*`) while shutting down.
  onCleanup(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    const n = await dropPrefix(prefix);
    if (process.env.BENCH_DEBUG) console.error(`cluster: deleted ${n} Redis keys of ${prefix}`);
  });
  const db = await createBenchDatabase();
  const common = { databaseUrl: db.url, redisUrl: REDIS_URL, jwtSecret, redisKeyPrefix: prefix };
  log(`cluster: database ${db.name}, Redis ${REDIS_URL} prefix ${prefix}; starting node A, then node B`);
  const fleets = [];
  try {
    // One after the other: the first runs the migrations and creates the admin on the empty database.
    nodes.push(await startClusterNode({ name: "api-A", ...common }));
    nodes.push(await startClusterNode({ name: "api-B", ...common }));
    const token = await login(nodes[0].url); // signed by A, accepted by B: the shared JWT_SECRET
    for (const n of nodes) n.token = token;
    // 2 client processes per node: the same 4 processes as the single-node fan-out.
    for (const n of nodes) fleets.push(new Fleet({ url: n.url, mode: "sio", token }, 2));
    let pgPids = [];
    const ownPids = () => [...nodes.map((n) => n.pid), ...fleets.flatMap((f) => f.pids()), ...(redisPid ? [redisPid] : []), ...pgPids];

    // Warm-up, as in fanout.mjs: JIT and first-connection allocations, and the stream's first entries.
    await Promise.all(fleets.map((f) => f.connectTo(25)));
    await runEventStream(clusterTarget(nodes), { count: 6, intervalMs: 20 });
    await Promise.all(fleets.map((f) => f.closeSockets()));
    await sleep(500);
    log(`cluster: nodes up and warmed in ${elapsed().toFixed(1)} s`);

    let lastTierS = 0;
    for (const n of tiers) {
      if (rows.length && elapsed() + lastTierS * 2.2 > budgetS) {
        skipped.push(n);
        log(
          `cluster ${n}: skipped (${elapsed().toFixed(0)} s spent; the last tier took ${lastTierS.toFixed(0)} s, this one would exceed the ${budgetS} s budget)`,
        );
        continue;
      }
      const tierStart = elapsed();
      const connects = await Promise.all(fleets.map((f) => f.connectTo(Math.floor(n / 2) + (f === fleets[0] ? n % 2 : 0))));
      const connect = {
        ok: connects.reduce((s, c) => s + c.ok, 0),
        failed: connects.reduce((s, c) => s + c.failed, 0),
        errors: Object.assign({}, ...connects.map((c) => c.errors)),
        ms: Math.max(...connects.map((c) => c.ms)),
      };
      const sockets = fleets.reduce((s, f) => s + f.size, 0);
      log(
        `cluster ${n}: connected ${fleets.map((f) => f.size).join(" + ")} = ${sockets} (+${connect.ok} in ${(connect.ms / 1000).toFixed(1)} s${connect.failed ? `, ${connect.failed} failed: ${JSON.stringify(connect.errors)}` : ""})`,
      );
      await sleep(1_000);
      pgPids = await databasePids(db.name); // the pools' backends: their CPU is the bench's own
      const attempts = [];
      do attempts.push(await measureTier(nodes, fleets, ownPids, { events, intervalMs }));
      while (attempts.at(-1).cpu.otherCores > DISTURBED && attempts.length < maxAttempts && elapsed() < budgetS * 0.8);
      const best = attempts.reduce((a, b) => (b.cpu.otherCores < a.cpu.otherCores ? b : a));
      const row = {
        kind: "cluster",
        label: LABEL,
        n,
        sockets,
        connect,
        ...best,
        attempts: attempts.map((a) => ({
          otherCores: a.cpu.otherCores,
          p99: a.fromResponse.p99,
          delivered: a.delivered,
          expected: a.expected,
          duplicates: a.duplicates,
        })),
      };
      rows.push(row);
      lastTierS = elapsed() - tierStart;
      log(
        `cluster ${n}: delivered ${row.delivered}/${row.expected}, dup ${row.duplicates}, p50 ${row.fromResponse.p50.toFixed(1)} ms, p99 ${row.fromResponse.p99.toFixed(1)} ms, max ${row.fromResponse.max.toFixed(1)} ms (same node p99 ${row.sameNode.fromResponse.p99.toFixed(1)}, other node p99 ${row.otherNode.fromResponse.p99.toFixed(1)}), node CPU ${row.perNode.map((p) => p.cpu.toFixed(2)).join(" + ")} cores, others ${row.cpu.otherCores.toFixed(2)} cores${attempts.length > 1 ? ` (best of ${attempts.length})` : ""}; tier took ${lastTierS.toFixed(0)} s`,
      );
    }
  } finally {
    await Promise.all(fleets.map((f) => f.stop()));
    await Promise.all(nodes.map((n) => n.stop()));
  }
  log(`cluster: done in ${elapsed().toFixed(1)} s`);
  return { rows, meta: { tookS: elapsed(), skipped, budgetS, redis: `${redisVersion} at ${REDIS_URL}`, prefix, database: db.name } };
}
