#!/usr/bin/env node
// Orchestrator of `npm run bench` (full, ≤ ~10 min) and `npm run bench -- --quick` (smoke, ~1 min).
// Starts everything it measures on 127.0.0.1, writes bench/RESULTS.md and the charts, and cleans up
// every process, temp dir and database on exit — also on failure and on Ctrl-C.
//   --quick              1k sockets only, short runs
//   --only=a,b           scenarios: fanout (includes memory), memory (connect only, no events), writes,
//                        cluster (fan-out on 2 API nodes through Redis; full run and --only only, never --quick);
//                        the other scenarios' tables are kept from the last run (bench/results.json)
//   --report             only re-render RESULTS.md and the charts from bench/results.json
//   scale                (full run and --only=scale, never --quick) N users seeded into each store, reads
//                        measured over HTTP; --users=N sets N (default 1,000,000); its section of RESULTS.md
//                        is replaced in place, the rest of the file is kept
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { cleanupAll, fdLimits } from "./lib/procs.mjs";
import { writeResults } from "./lib/report.mjs";
import { API_MAIN, pgVersion, ROOT } from "./lib/servers.mjs";
import { runCluster } from "./scenarios/cluster.mjs";
import { runFanout } from "./scenarios/fanout.mjs";
import { runScale } from "./scenarios/scale.mjs";
import { currentScaleSection, scaleSection, spliceScaleSection } from "./lib/scale-report.mjs";
import { runWrites } from "./scenarios/writes.mjs";
import { keptSections, spliceSection } from "./lib/sections.mjs";

// `--only scale` and `--users 20000` are accepted as well as `--only=scale`, `--users=20000`.
const args = process.argv
  .slice(2)
  .flatMap((a, i, all) =>
    ["--only", "--users"].includes(a) ? [] : ["--only", "--users"].includes(all[i - 1]) ? [`${all[i - 1]}=${a}`] : [a],
  );
const quick = args.includes("--quick");
// Where RESULTS.md, the charts and results.json go; CI's smoke run points it at a temp dir.
const OUT_DIR = process.env.BENCH_OUT_DIR ?? join(ROOT, "bench");
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
const wants = (s) => !only || only.includes(s);
// The cluster scenario needs Redis and ~2 min: part of the full run and of --only=cluster, never of --quick (CI's smoke run).
const wantsCluster = only ? only.includes("cluster") : !quick;
const wantsScale = only ? only.includes("scale") : !quick;
const scaleUsers = Number(args.find((a) => a.startsWith("--users="))?.slice(8) ?? 1_000_000);
const reportOnly = args.includes("--report");
const unknown = args.filter((a) => a !== "--quick" && a !== "--report" && !a.startsWith("--only=") && !a.startsWith("--users="));
if (
  unknown.length ||
  !(scaleUsers >= 1 && scaleUsers <= 10_000_000) ||
  (only && only.some((s) => !["fanout", "memory", "writes", "cluster", "scale"].includes(s)))
) {
  console.error(
    `usage: node bench/run.mjs [--quick] [--only=fanout,memory,writes,cluster,scale] [--users=N] [--report]   (got ${args.join(" ")})`,
  );
  process.exit(2);
}

const CONFIG = quick
  ? {
      tiers: [1000],
      events: 20,
      intervalMs: 100,
      stores: ["embedded", "postgres"],
      levels: [0, 1000],
      duration: 1.5,
      connections: 10,
      pacedRate: 20,
      seedCount: 15_000,
      rounds: 1,
      maxAttempts: 1,
    }
  : {
      tiers: [1000, 5000, 10000],
      events: 60,
      intervalMs: 100,
      stores: ["embedded", "postgres"],
      levels: [0, 1000, 10000],
      duration: 8,
      connections: 10,
      pacedRate: 20,
      seedCount: 40_000,
      rounds: 3,
      maxAttempts: 3,
    };

const started = Date.now();
const log = (m) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`);

// Everything is bounded: a run that hangs (a server that stops answering, …) is stopped and cleaned up.
// The scale scenario adds up to ~2 × (seed bound + ~4 min of requests).
const WATCHDOG_MS = ((quick ? 5 : only && !only.some((s) => s !== "scale") ? 0 : 30) + (wantsScale ? 30 : 0)) * 60_000;
setTimeout(async () => {
  console.error(`the bench has run for ${WATCHDOG_MS / 60_000} min, far beyond its budget: stopping`);
  await cleanupAll();
  process.exit(1);
}, WATCHDOG_MS).unref();

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping every process the bench started…`);
    await cleanupAll();
    process.exit(130);
  });
}

const version = (pkg) => {
  try {
    return JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return "?";
  }
};

const NOTES = [
  "One 2-core machine runs the server, the 4 client processes and autocannon: client CPU competes with the server, so absolute numbers are pessimistic for a real deployment; the bare baselines run under the same handicap, which is why the ratios matter more than the absolutes.",
  '"other load" = machine CPU busy time (from /proc/stat) minus the bench\'s own processes (and, for PostgreSQL, the backends of the bench database): other work on the machine (e.g. a test suite of the same repository) shows up there. In the full run a fan-out tier above 0.3 core of other load is repeated (up to 3 attempts), a write run once (not at 10k listeners; the quick run never repeats); the least disturbed attempt is kept, and rows still above 0.3 core are marked ⚠.',
  "Latency from the response can be negative when the event reaches a client before the HTTP response reaches the orchestrator; the charts draw everything ≤ 0.1 ms at 0.1 ms.",
];

async function main() {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run bench\` (it builds first) or \`npm run build\``);
  const fd = fdLimits();
  const needed = Math.max(...CONFIG.tiers, ...CONFIG.levels) + 1_000;
  log(`fd limit: soft ${fd.soft}, hard ${fd.hard}; the server process needs about ${needed}`);
  if (fd.hard < needed) {
    throw new Error(
      `the open-file hard limit (${fd.hard}) is below ${needed}: raise it (e.g. \`ulimit -Hn 65536\` as root, or LimitNOFILE) and re-run`,
    );
  }
  const loadBefore = os.loadavg();
  const fanout = [];
  const writes = [];
  let cluster;

  if (wants("fanout") || wants("memory")) {
    // The baselines first: the API's tiers are also measured at the rate bare Socket.IO was sent.
    const memoryOnly = !wants("fanout");
    const bare = await runFanout({ ...CONFIG, servers: ["bare-socketio", "bare-ws"], memoryOnly, log });
    fanout.push(...(await runFanout({ ...CONFIG, servers: ["api"], memoryOnly, alsoAt: atBarePace(bare), log })), ...bare);
  }
  if (wants("writes")) {
    writes.push(...(await runWrites({ ...CONFIG, log })));
  }
  if (wantsCluster) {
    // Tiers 1k and 5k, 10k only if it fits the ~2.5 min budget; same events and pacing as the fan-out.
    cluster = await runCluster({
      tiers: [1000, 5000, 10000],
      events: CONFIG.events,
      intervalMs: CONFIG.intervalMs,
      maxAttempts: Math.min(2, CONFIG.maxAttempts),
      budgetS: 150,
      log,
    });
  }

  let scale;
  if (wantsScale) {
    const scaleStarted = Date.now();
    const loadAvg = () =>
      os
        .loadavg()
        .map((v) => v.toFixed(2))
        .join(" / ");
    const loadBefore = loadAvg();
    const results = await runScale({ users: scaleUsers, log });
    const command = `npm run bench -- --only=scale${scaleUsers !== 1_000_000 ? ` --users=${scaleUsers}` : ""}`;
    scale = {
      command,
      startedAt: new Date(scaleStarted).toISOString(),
      tookS: (Date.now() - scaleStarted) / 1000,
      loadBefore,
      loadAfter: loadAvg(),
      requests: 20,
      results,
    };
  }
  // Only the scale scenario: its section of RESULTS.md is replaced, nothing else is touched.
  if (only && !only.some((s) => s !== "scale")) {
    spliceScaleSection(OUT_DIR, scaleSection(scale));
    log(`wrote the scale section of ${join(OUT_DIR, "RESULTS.md")}`);
    return;
  }

  const cpu = os.cpus();
  const meta = {
    quick,
    command: `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`,
    startedAt: new Date(started).toISOString(),
    tookS: (Date.now() - started) / 1000,
    machine: [
      ["CPU", `${cpu[0]?.model ?? "?"} × ${cpu.length} (os.cpus; nproc ${os.availableParallelism()})`],
      ["memory", `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
      ["kernel", `${os.type()} ${os.release()}`],
      ["Node", process.version],
      [
        "packages",
        `socket.io ${version("socket.io")}, socket.io-client ${version("socket.io-client")}, ws ${version("ws")}, autocannon ${version("autocannon")}, pg ${version("pg")}, @electric-sql/pglite ${version("@electric-sql/pglite")}`,
      ],
      ["PostgreSQL", await pgVersion()],
      ["open files", `soft ${fd.soft}, hard ${fd.hard}`],
      [
        "load average (1/5/15 min)",
        `before ${loadBefore.map((v) => v.toFixed(2)).join(" / ")}, after ${os
          .loadavg()
          .map((v) => v.toFixed(2))
          .join(" / ")}`,
      ],
    ],
    commands: [
      `\`${"npm run bench" + (args.length ? " -- " + args.join(" ") : "")}\` = \`node scripts/build-if-stale.mjs && node bench/run.mjs${args.length ? " " + args.join(" ") : ""}\``,
      "API: `NODE_ENV=test HOST=127.0.0.1 PORT=<free port> DATA_DIR=<fresh temp dir> ADMIN_EMAIL=admin@bench.test ADMIN_PASSWORD=… RATE_LIMIT_REGISTER=0 RATE_LIMIT_LOGIN=0 SOCKET_CONNECT_LIMIT=0 SOCKET_MAX_PER_TOKEN=0 LOG_LEVEL=warn [DATABASE_URL=postgres://postgres@127.0.0.1:5432/moien_bench_<random>] node --expose-gc -r bench/preload/heap-reporter.cjs apps/api/dist/main.js` (one process, one node, no Redis)",
      "baselines: `node --expose-gc -r bench/preload/heap-reporter.cjs bench/baselines/bare-socketio.mjs` and `… bench/baselines/bare-ws.mjs` (same env PORT/HOST)",
      "every child through `sh -c 'ulimit -n <hard limit> && exec node …'`",
      `fan-out: 4 \`bench/clients/fleet-worker.mjs\` processes hold the sockets (socket.io-client 4.8 with \`transports: ["websocket"]\`, \`forceNew\`, admin token in \`auth\`; plain \`ws\` for the ws baseline), 50 handshakes in flight per process; tiers ${CONFIG.tiers.join(", ")}; per tier ${CONFIG.events} events (register, delete that user, …) one every ${CONFIG.intervalMs} ms from the orchestrator over keep-alive HTTP; all timestamps \`performance.timeOrigin + performance.now()\``,
      `writes: autocannon ${version("autocannon")} in the orchestrator, ${CONFIG.duration} s per run, ${CONFIG.connections} connections (register-1: 1 connection; delete-paced: \`overallRate\` ${CONFIG.pacedRate}/s), listeners ${CONFIG.levels.join(", ")} (same fleet, counting only); stores ${CONFIG.stores.join(", ")}; ${CONFIG.seedCount} users seeded per store by one \`INSERT … SELECT generate_series\` for the deletes`,
    ],
  };
  // --only re-runs part of a run (e.g. a disturbed scenario): the other scenarios come from the last run.
  // Without that run's results.json (a fresh checkout before it was kept in git), RESULTS.md would lose
  // them: the part goes to bench/partial/ instead, RESULTS.md untouched.
  const saved = join(OUT_DIR, "results.json");
  let data = { meta, fanout, writes, ...(cluster && { cluster }) };
  if (only && !existsSync(saved)) {
    const partialDir = join(OUT_DIR, "partial");
    mkdirSync(partialDir, { recursive: true });
    const charts = writeResults(partialDir, { ...data, notes: NOTES });
    log(
      `no ${join(OUT_DIR, "results.json")} to merge with: wrote ${join(partialDir, "RESULTS.md")} and ${charts.join(", ")}, RESULTS.md untouched`,
    );
    return;
  }
  if (only) {
    const previous = JSON.parse(readFileSync(saved, "utf8"));
    const fresh = (s) => only.includes(s) || (s === "fanout" && only.includes("memory"));
    data = { meta: previous.meta, fanout: fresh("fanout") ? fanout : previous.fanout, writes: fresh("writes") ? writes : previous.writes };
    const keptCluster = fresh("cluster") ? cluster : previous.cluster;
    if (keptCluster) data.cluster = keptCluster;
    data.meta.reruns = [
      ...(previous.meta.reruns ?? []),
      `${meta.command} at ${meta.startedAt} (${meta.tookS.toFixed(0)} s; load average ${meta.machine.at(-1)[1]})`,
    ];
  }
  // Without autocannon's raw results, numbers to 3 decimals: the file stays small enough to keep next to RESULTS.md.
  writeFileSync(
    saved,
    JSON.stringify(data, (k, v) => (k === "raw" ? undefined : typeof v === "number" ? Math.round(v * 1000) / 1000 : v)),
  );
  const keptScale = scale ? scaleSection(scale) : currentScaleSection(OUT_DIR);
  const kept = keptSections(OUT_DIR);
  const charts = writeResults(OUT_DIR, { ...data, notes: NOTES });
  if (keptScale) spliceScaleSection(OUT_DIR, keptScale);
  for (const section of kept) spliceSection(OUT_DIR, `${section.split("\n")[0]}\n`, section);
  log(`wrote ${join(OUT_DIR, "RESULTS.md")} and ${charts.join(", ")}`);
}

try {
  if (reportOnly) {
    // Re-renders RESULTS.md and the charts from bench/results.json (the last run's data) without measuring.
    const keptScale = currentScaleSection(OUT_DIR);
    const kept = keptSections(OUT_DIR);
    const charts = writeResults(OUT_DIR, { ...JSON.parse(readFileSync(join(OUT_DIR, "results.json"), "utf8")), notes: NOTES });
    if (keptScale) spliceScaleSection(OUT_DIR, keptScale);
    for (const section of kept) spliceSection(OUT_DIR, `${section.split("\n")[0]}\n`, section);
    log(`rewrote bench/RESULTS.md and ${charts.join(", ")} from bench/results.json`);
    process.exit(0);
  }
  await main();
  await cleanupAll();
  log("done");
  process.exit(0);
} catch (error) {
  if (!interrupted) console.error(error); // after Ctrl-C, the failures are the stopped children's
  await cleanupAll();
  process.exit(interrupted ? 130 : 1);
}

/**
 * Bare Socket.IO's broadcast holds its HTTP server, so at 5k–10k sockets the sequential stream sends
 * it fewer events per second than the API, which answers at once. Where it was sent < 90 % of the
 * paced rate, the API's tier is measured again (same server, same sockets) at the rate bare
 * Socket.IO was sent, to compare fan-out at equal work. Not in --quick.
 */
function atBarePace(bare) {
  return (kind, n) => {
    const b = bare.find((r) => r.kind === "bare-socketio" && r.n === n && r.rate);
    if (quick || kind !== "api" || !b || b.rate >= 0.9 * (1000 / CONFIG.intervalMs)) return undefined;
    return { intervalMs: 1000 / b.rate, kind: "api-at-bare-pace", label: `API at bare Socket.IO's rate (${b.rate.toFixed(1)} events/s)` };
  };
}
