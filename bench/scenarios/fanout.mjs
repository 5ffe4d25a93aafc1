// Fan-out (and idle memory per connection): for the API and the two bare baselines, grow one client
// fleet through the tiers (1k → 5k → 10k), and at each tier
//   1. read the server's live heap (after GC) and RSS with the sockets idle,
//   2. send a paced stream of registrations and deletions over HTTP,
//   3. collect, for every (event, socket), the delivery latency from the HTTP response and from the request start.
import { Fleet } from "../lib/fleet.mjs";
import { cpuSecondsOf, cpuWatch, sleep } from "../lib/procs.mjs";
import { apiMetrics, startApi, startBareSocketIo, startBareWs } from "../lib/servers.mjs";
import { summarize } from "../lib/stats.mjs";
import { cdfPoints } from "../lib/svg.mjs";
import { apiTarget, bareTarget, runEventStream } from "../lib/workload.mjs";

export const SERVERS = {
  api: { label: "API (Nest + Socket.IO, embedded store)", mode: "sio", start: () => startApi(), target: apiTarget },
  "bare-socketio": { label: "bare Socket.IO 4.8", mode: "sio", start: startBareSocketIo, target: bareTarget },
  "bare-ws": { label: "bare ws 8", mode: "ws", start: startBareWs, target: bareTarget },
};

/** Time the server spent inside broadcast calls during a tier, and (API) its event-loop delay. */
async function emitStats(server, kind) {
  if (kind !== "api") {
    const s = await (await fetch(`${server.url}/stats`)).json();
    return { emits: s.count, emitMeanMs: s.count ? s.sumMs / s.count : NaN, emitMaxMs: s.maxMs };
  }
  return apiMetrics(server.url);
}

export const DISTURBED = 0.3; // cores of CPU used by other processes during a measurement

/** Summary without the raw samples (a few hundred CDF points are kept for the chart). */
function distribution(samples) {
  const { sorted, ...summary } = summarize(samples);
  return { ...summary, points: cdfPoints(sorted) };
}

/** One event stream on the current fleet: latencies, deliveries, broadcast time and CPU. */
export async function measureTier(server, kind, spec, fleet, { events, intervalMs }) {
  await fleet.reset(true);
  const before = await emitStats(server, kind); // also resets the API's event-loop histogram
  const cpu0 = cpuSecondsOf(server.pid);
  const watch = cpuWatch(() => [server.pid, ...fleet.pids()]);
  const started = performance.now();
  const stream = await runEventStream(spec.target(server), { count: events, intervalMs });
  const streamSeconds = (performance.now() - started) / 1000;
  const expected = stream.table.length * fleet.size;
  const counts = await fleet.settle(expected, { quietMs: 5_000, timeoutMs: 120_000 });
  const serverCpu = (cpuSecondsOf(server.pid) - cpu0) / ((performance.now() - started) / 1000); // cores, on average
  const cpu = watch();
  let emit = await emitStats(server, kind);
  if (kind === "api") {
    const count = emit.fanoutCount - before.fanoutCount;
    emit = { emits: count, emitMeanMs: (emit.fanoutSum - before.fanoutSum) / count, loopP99Ms: emit.loopP99Ms, loopMaxMs: emit.loopMaxMs };
  }
  const c = await fleet.collect(stream.table);
  return {
    byKind: latencyByKind(c.byKind),
    serverCpu,
    cpu,
    emit,
    events: stream.table.length,
    failures: stream.failures,
    lateMs: stream.lateMs,
    // Events sent per second: the stream is sequential, so a server that answers slowly is sent fewer.
    rate: stream.table.length / streamSeconds,
    expected,
    delivered: c.delivered.reduce((s, v) => s + v, 0),
    duplicates: c.duplicates,
    unknown: c.unknown,
    minPerEvent: Math.min(...c.delivered),
    disconnects: counts.unexpectedDisconnects,
    fromResponse: distribution(c.fromResponse),
    fromStart: distribution(c.fromStart),
    httpMs: distribution(stream.table.map((e) => e.response - e.start)),
  };
}

/**
 * p50 and p99 of registrations and of deletions apart: the API's registration hashes with argon2id on
 * the server's cores while the sockets are read, a deletion does not; the baselines' two kinds cost the same.
 */
function latencyByKind(samplesByKind) {
  const pick = (samples) => {
    const { p50, p99 } = summarize(samples ?? []);
    return { p50, p99 };
  };
  return { create: pick(samplesByKind.create), delete: pick(samplesByKind.delete) };
}

/** JIT, lazily built objects and first-connection allocations, so they do not count per connection: 50 sockets and 6 events, then none. */
export async function warmUp(server, spec, fleet) {
  await fleet.connectTo(50);
  await runEventStream(spec.target(server), { count: 6, intervalMs: 20 });
  await fleet.closeSockets();
}

export async function runFanout({
  tiers,
  events,
  intervalMs,
  servers = Object.keys(SERVERS),
  memoryOnly = false,
  rounds = 1,
  maxAttempts = 3,
  alsoAt,
  log,
}) {
  const results = [];
  for (const kind of servers) {
    const spec = SERVERS[kind];
    log(`fan-out: starting ${spec.label}`);
    const server = await spec.start();
    const fleet = new Fleet({ url: server.url, mode: spec.mode, token: server.token ?? "bare-has-no-auth" });
    try {
      await warmUp(server, spec, fleet);
      await sleep(1_000);
      await emitStats(server, kind);
      const base = await server.memory();
      for (const n of tiers) {
        const connect = await fleet.connectTo(n);
        log(
          `fan-out ${kind} ${n}: connected ${fleet.size} (+${connect.ok} in ${(connect.ms / 1000).toFixed(1)} s${connect.failed ? `, ${connect.failed} failed: ${JSON.stringify(connect.errors)}` : ""})`,
        );
        await sleep(1_500); // let the handshakes' garbage become garbage
        const mem = await server.memory();
        const row = {
          kind,
          label: spec.label,
          n,
          sockets: fleet.size,
          connect,
          memory: {
            base,
            at: mem,
            heapPerConn: (mem.heapUsed - base.heapUsed) / fleet.size,
            rssPerConn: (mem.rss - base.rss) / fleet.size,
          },
        };
        results.push(row);
        if (memoryOnly) continue;
        const measureAt = (ms) => measureRounds({ server, kind, spec, fleet, events, intervalMs: ms, rounds, maxAttempts });
        Object.assign(row, await measureAt(intervalMs));
        log(`fan-out ${kind} ${n}: ${summary(row)}`);
        // The same tier again at another rate, on the same server and fleet (see bench/run.mjs).
        const extra = alsoAt?.(kind, n);
        if (extra) {
          const other = { ...row, ...(await measureAt(extra.intervalMs)), kind: extra.kind, label: extra.label };
          results.push(other);
          log(`fan-out ${extra.kind} ${n}: ${summary(other)}`);
        }
      }
    } finally {
      await fleet.stop();
      await server.stop();
    }
  }
  return results;
}

/**
 * The median of `rounds` measurements of one tier, by p99 (this machine is noisy), with every
 * round's figures. The machine may be shared: a round measured while other work took > DISTURBED
 * cores is repeated (maxAttempts in all).
 */
async function measureRounds({ server, kind, spec, fleet, events, intervalMs, rounds, maxAttempts }) {
  const measured = [];
  for (let round = 0; round < rounds; round++) {
    const attempts = [];
    do attempts.push(await measureTier(server, kind, spec, fleet, { events, intervalMs }));
    while (attempts.at(-1).cpu.otherCores > DISTURBED && attempts.length < maxAttempts);
    measured.push(attempts.reduce((a, b) => (b.cpu.otherCores < a.cpu.otherCores ? b : a)));
  }
  const median = [...measured].sort((a, b) => a.fromResponse.p99 - b.fromResponse.p99)[(measured.length - 1) >> 1];
  return {
    ...median,
    rounds: measured.map((a) => ({
      otherCores: a.cpu.otherCores,
      p99: a.fromResponse.p99,
      delivered: a.delivered,
      expected: a.expected,
      duplicates: a.duplicates,
      minPerEvent: a.minPerEvent,
    })),
  };
}

const summary = (row) =>
  `delivered ${row.delivered}/${row.expected}, dup ${row.duplicates}, p50 ${row.fromResponse.p50.toFixed(1)} ms, p99 ${row.fromResponse.p99.toFixed(1)} ms, max ${row.fromResponse.max.toFixed(1)} ms, p99 registrations / deletions ${row.byKind.create.p99.toFixed(1)} / ${row.byKind.delete.p99.toFixed(1)} ms, server CPU ${row.serverCpu.toFixed(2)} cores, others ${row.cpu.otherCores.toFixed(2)} cores` +
  (row.rounds.length > 1 ? ` (median of ${row.rounds.length} rounds, p99 ${row.rounds.map((r) => r.p99.toFixed(1)).join(" / ")} ms)` : "");
