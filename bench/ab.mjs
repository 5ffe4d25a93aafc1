#!/usr/bin/env node
// A/B of this build against an earlier commit, side by side in one run: both APIs run at once on the
// same machine, each on its own fresh store seeded alike, and the same autocannon runs alternate
// between them (A B, then B A, …) so drift in the machine's load falls on both. What a change costs
// is read as the ratio B ÷ A, never as an absolute compared with another day's run.
//
//   npm run bench:ab -- --ref 7c20722 [--label "before operators"] [--stores embedded,postgres]
//                       [--rounds 5] [--duration 5] [--ops list,delete,register,fanout] [--sockets 1000]
//
// `fanout` is the fan-out scenario's tier (bench/scenarios/fanout.mjs) on both builds at once: each
// API holds its own fleet of idle sockets, and each round sends the same paced stream of
// registrations and deletions to A and to B in turn; B ÷ A is read on the p99 from the response.
//
// The earlier commit is exported with `git archive` into $TMPDIR/moien-ab-<commit>, installed with
// `npm ci` and built once; the directory is kept for the next A/B against the same commit.
// Writes (replaces) the section "## A/B: …" of bench/RESULTS.md.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cleanupAll, cpuWatch } from "./lib/procs.mjs";
import { API_MAIN, createBenchDatabase, databasePids, ROOT, seedUsers, startApi } from "./lib/servers.mjs";
import { AB_HEADING, spliceSection } from "./lib/sections.mjs";
import { Fleet } from "./lib/fleet.mjs";
import { nextRegistration } from "./lib/workload.mjs";
import { measureTier, SERVERS, warmUp } from "./scenarios/fanout.mjs";
import { cannon } from "./scenarios/writes.mjs";

const { values: opts } = parseArgs({
  options: {
    ref: { type: "string" },
    label: { type: "string" },
    stores: { type: "string", default: "embedded,postgres" },
    ops: { type: "string", default: "list,delete" },
    rounds: { type: "string", default: "5" },
    duration: { type: "string", default: "5" },
    connections: { type: "string", default: "10" },
    sockets: { type: "string", default: "1000" },
  },
});
if (!opts.ref) {
  console.error(
    "usage: npm run bench:ab -- --ref <commit> [--label TEXT] [--stores embedded,postgres] [--ops list,delete,register,fanout] [--sockets 1000] [--rounds 5] [--duration 5]",
  );
  process.exit(2);
}
const rounds = Number(opts.rounds);
const duration = Number(opts.duration);
const connections = Number(opts.connections);
const stores = opts.stores.split(",");
const ops = opts.ops.split(",");
// As the fan-out scenario's full run sends each tier: 60 events, one every 100 ms.
const FANOUT = { sockets: Number(opts.sockets), events: 60, intervalMs: 100 };
const OUT_DIR = process.env.BENCH_OUT_DIR ?? join(ROOT, "bench");
const started = Date.now();
const log = (m) => console.log(`[ab ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`);
const git = (...args) => execFileSync("git", args, { cwd: ROOT }).toString().trim();

/** The earlier commit, exported, installed and built once: the path of its API's main.js. */
function buildRef(commit) {
  const dir = join(os.tmpdir(), `moien-ab-${commit.slice(0, 12)}`);
  const main = join(dir, "apps/api/dist/main.js");
  if (existsSync(main)) return main;
  log(`exporting ${commit.slice(0, 12)} to ${dir}, npm ci and build (once; kept for the next run)`);
  mkdirSync(dir, { recursive: true });
  execFileSync("sh", ["-c", `git archive ${commit} | tar -x -C "${dir}"`], { cwd: ROOT, stdio: "inherit" });
  execFileSync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit" });
  execFileSync("node", ["scripts/build-if-stale.mjs", "--force"], { cwd: dir, stdio: "inherit" });
  return main;
}

/** What each operation sends: the first page of users, a delete of a seeded user, or a registration. */
const REQUESTS = {
  register: () => [
    {
      method: "POST",
      path: "/api/v1/users/register",
      headers: { "content-type": "application/json" },
      setupRequest: (req) => ({ ...req, body: JSON.stringify(nextRegistration()) }),
    },
  ],
  list: (side) => [{ method: "GET", path: "/api/v1/users", headers: { authorization: `Bearer ${side.api.token}` } }],
  delete: (side) => [
    {
      method: "DELETE",
      setupRequest: (req) => ({
        ...req,
        path: `/api/v1/users/${side.pool.pop() ?? "00000000-0000-4000-8000-000000000000"}`,
        headers: { authorization: `Bearer ${side.api.token}` },
      }),
    },
  ],
};

const WARM_UP_S = 5;

async function measure(side, op, store, warmUp = false) {
  if (op === "fanout") return measureFanout(side, store, !warmUp);
  const seconds = warmUp ? WARM_UP_S : duration;
  const backends = side.database ? await databasePids(side.database.name) : [];
  const watch = cpuWatch(() => [side.api.pid, ...backends]);
  const r = await cannon({
    url: side.api.url,
    connections,
    duration: seconds,
    requests: REQUESTS[op](side),
    ...(op === "delete" && { maxOverallRequests: Math.max(connections, side.pool.length - connections * 2) }),
  });
  const cpu = watch();
  const row = {
    store,
    op,
    side: side.name,
    rps: r.requests.total / r.duration,
    ok: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors,
    p50: r.latency.p50,
    p99: r.latency.p99,
    otherCores: cpu.otherCores,
  };
  log(
    `${warmUp ? "warm-up: " : ""}${store} ${op} ${side.name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non2xx ${row.non2xx}, errors ${row.errors}, other load ${cpu.otherCores.toFixed(2)} cores`,
  );
  if (row.non2xx || row.errors) throw new Error(`${store} ${op} on ${side.name}: ${row.non2xx} non-2xx answers, ${row.errors} errors`);
  return row;
}

/** One fan-out stream to this side's fleet (its warm-up: a shorter stream, not counted). */
async function measureFanout(side, store, counted) {
  const r = await measureTier(side.api, "api", SERVERS.api, side.fleet, counted ? FANOUT : { events: 10, intervalMs: FANOUT.intervalMs });
  const row = {
    store,
    op: "fanout",
    side: side.name,
    p50: r.fromResponse.p50,
    p99: r.fromResponse.p99,
    rate: r.rate,
    delivered: r.delivered,
    expected: r.expected,
    duplicates: r.duplicates,
    serverCpu: r.serverCpu,
    otherCores: r.cpu.otherCores,
  };
  log(
    `${counted ? "" : "warm-up: "}${store} fanout ${side.name}: ${side.fleet.size} sockets, ${r.rate.toFixed(1)} events/s, delivered ${r.delivered}/${r.expected}, dup ${r.duplicates}, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, server ${r.serverCpu.toFixed(2)} cores, other load ${row.otherCores.toFixed(2)} cores`,
  );
  if (r.failures.length || r.delivered !== r.expected || r.duplicates)
    throw new Error(
      `${store} fanout on ${side.name}: ${r.failures.length} failed requests, ${r.delivered}/${r.expected} delivered, ${r.duplicates} dup`,
    );
  return row;
}

/** The side's fleet: warmed up on 50 sockets (JIT, first connections), then `FANOUT.sockets` idle sockets. */
async function addFleet(side) {
  side.fleet = new Fleet({ url: side.api.url, mode: "sio", token: side.api.token });
  await warmUp(side.api, SERVERS.api, side.fleet);
  const connect = await side.fleet.connectTo(FANOUT.sockets);
  if (connect.failed) throw new Error(`${side.name}: ${connect.failed} sockets failed to connect: ${JSON.stringify(connect.errors)}`);
}

/** One side: its API on a fresh store with `seedCount` users to delete. */
async function startSide(name, apiMain, store, seedCount) {
  const database = store === "postgres" ? await createBenchDatabase() : null;
  let api = await startApi({ databaseUrl: database?.url, apiMain });
  if (!database) await api.stop(); // PGlite is single-process: seed with the API stopped
  const seeded = await seedUsers({ databaseUrl: database?.url, dataDir: api.dataDir }, seedCount);
  if (!database) api = await startApi({ dataDir: api.dataDir, apiMain });
  return { name, api, database, pool: seeded.ids };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function section(meta, rows) {
  const lines = [
    `${AB_HEADING}${meta.label}`,
    "",
    `Generated by \`${meta.command}\` on ${meta.startedAt}, took ${meta.tookS.toFixed(0)} s; load average before ${meta.loadBefore}, after ${meta.loadAfter}. ` +
      `A = ${meta.a} (exported, \`npm ci\`, built), B = ${meta.b} (this checkout's build). Both APIs run at once, each on a fresh store with the same seeded users, ` +
      `started as \`npm run bench\` starts the API; autocannon, ${connections} connections, ${duration} s per run, a ${WARM_UP_S} s warm-up run of each, then ${rounds} rounds alternating A B / B A. ` +
      "`list` = `GET /api/v1/users` (first page, an admin's bearer token); `delete` = `DELETE /api/v1/users/:id` of seeded users, no listener; `register` = `POST /api/v1/users/register` of new users (argon2id included). The row is the median of the rounds; B ÷ A is the ratio of the medians, and (bold) the median of the rounds' own ratios: a round's A and B ran back to back, so drift between rounds cancels.",
  ];
  const throughputOps = ops.filter((o) => o !== "fanout");
  if (throughputOps.length)
    lines.push(
      "",
      "| store | operation | A req/s (rounds) | B req/s (rounds) | B ÷ A (medians) | B ÷ A per round (median of the rounds) | A p50 / p99 ms | B p50 / p99 ms | other load (max, cores) |",
      "|---|---|---|---|---|---|---|---|---|",
    );
  for (const store of stores)
    for (const op of throughputOps) {
      const of = (side) => rows.filter((r) => r.store === store && r.op === op && r.side === side);
      const a = of("A");
      const b = of("B");
      const rps = (xs) => median(xs.map((x) => x.rps));
      const lat = (xs) => `${median(xs.map((x) => x.p50))} / ${median(xs.map((x) => x.p99))}`;
      // Each round's A and B ran back to back: their ratio cancels the drift between rounds.
      const paired = a.map((x) => b.find((y) => y.round === x.round).rps / x.rps);
      lines.push(
        `| ${store} | ${op} | ${rps(a).toFixed(0)} (${a.map((x) => x.rps.toFixed(0)).join(", ")}) | ${rps(b).toFixed(0)} (${b.map((x) => x.rps.toFixed(0)).join(", ")}) | ${(rps(b) / rps(a)).toFixed(3)} | **${median(paired).toFixed(3)}** (${paired.map((r) => r.toFixed(2)).join(", ")}) | ${lat(a)} | ${lat(b)} | ${Math.max(...[...a, ...b].map((x) => x.otherCores)).toFixed(2)} |`,
      );
    }
  if (ops.includes("fanout")) lines.push("", ...fanoutTable(rows));
  return lines.join("\n");
}

/** Fan-out rows: latency, so B ÷ A below 1 is B faster (the opposite sense of the throughput rows). */
function fanoutTable(rows) {
  const lines = [
    `Fan-out: ${FANOUT.sockets} idle admin sockets on each API (4 fleet processes each, as the fan-out scenario), ${FANOUT.events} events per round (register, delete that user, …) one every ${FANOUT.intervalMs} ms; latency from the HTTP response to each socket's receipt. Lower is better: B ÷ A < 1 is B faster.`,
    "",
    "| store | sockets | A p99 ms (rounds) | B p99 ms (rounds) | B ÷ A p99 per round (median of the rounds) | A p50 / B p50 ms | A / B server CPU (cores) | delivered, dup | other load (max, cores) |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const store of stores) {
    const of = (side) => rows.filter((r) => r.store === store && r.op === "fanout" && r.side === side);
    const a = of("A");
    const b = of("B");
    if (!a.length) continue;
    const paired = a.map((x) => b.find((y) => y.round === x.round).p99 / x.p99);
    const fmt = (xs, key, digits = 1) => xs.map((x) => x[key].toFixed(digits)).join(", ");
    lines.push(
      `| ${store} | ${FANOUT.sockets} | ${median(a.map((x) => x.p99)).toFixed(1)} (${fmt(a, "p99")}) | ${median(b.map((x) => x.p99)).toFixed(1)} (${fmt(b, "p99")}) | **${median(paired).toFixed(3)}** (${paired.map((r) => r.toFixed(2)).join(", ")}) | ${median(a.map((x) => x.p50)).toFixed(1)} / ${median(b.map((x) => x.p50)).toFixed(1)} | ${median(a.map((x) => x.serverCpu)).toFixed(2)} / ${median(b.map((x) => x.serverCpu)).toFixed(2)} | ${[...a, ...b].reduce((n, x) => n + x.delivered, 0)} / ${[...a, ...b].reduce((n, x) => n + x.expected, 0)}, ${[...a, ...b].reduce((n, x) => n + x.duplicates, 0)} | ${Math.max(...[...a, ...b].map((x) => x.otherCores)).toFixed(2)} |`,
    );
  }
  return lines;
}

async function main() {
  const commit = git("rev-parse", "--verify", `${opts.ref}^{commit}`);
  const head = git("rev-parse", "HEAD");
  const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
  const aMain = buildRef(commit);
  const loadAvg = () =>
    os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(" / ");
  const loadBefore = loadAvg();
  // Enough users for every delete run of both rounds at ~1,000 req/s; a list reads a page of a store
  // of a realistic size either way (an empty store's page is another query plan).
  const seedCount = Math.max(ops.includes("delete") ? Math.ceil((rounds * duration + WARM_UP_S) * 1_500) + 2_000 : 0, 40_000);
  const rows = [];
  for (const store of stores) {
    log(`${store}: starting A and B, ${seedCount} users seeded into each`);
    const sides = [await startSide("A", aMain, store, seedCount), await startSide("B", API_MAIN, store, seedCount)];
    try {
      // The throughput operations with no socket connected, then the fan-out with its fleets.
      const phases = [ops.filter((o) => o !== "fanout"), ops.filter((o) => o === "fanout")];
      for (const phase of phases) {
        if (phase.includes("fanout")) for (const side of sides) await addFleet(side);
        // A warm-up run of each operation on each side first (JIT, caches, the pools' connections), not counted.
        for (const op of phase) for (const side of sides) await measure(side, op, store, true);
        for (let round = 0; round < rounds; round++) {
          const order = round % 2 === 0 ? sides : [...sides].reverse();
          for (const op of phase) for (const side of order) rows.push({ round, ...(await measure(side, op, store)) });
        }
      }
    } finally {
      for (const side of sides) {
        await side.fleet?.stop();
        await side.api.stop();
      }
    }
  }
  const meta = {
    label: opts.label ?? `${commit.slice(0, 7)} → ${head.slice(0, 7)}`,
    command: `npm run bench:ab -- ${process.argv.slice(2).join(" ")}`,
    startedAt: new Date(started).toISOString(),
    tookS: (Date.now() - started) / 1000,
    loadBefore,
    loadAfter: loadAvg(),
    a: `\`${commit.slice(0, 7)}\` (${git("log", "-1", "--format=%s", commit).slice(0, 80)}…)`,
    b: `\`${head.slice(0, 7)}\`${dirty ? " with uncommitted changes" : ""}`,
  };
  // Each comparison (its label) owns its section: another label's stays.
  spliceSection(OUT_DIR, `${AB_HEADING}${meta.label}\n`, section(meta, rows));
  log(`wrote the A/B section of ${join(OUT_DIR, "RESULTS.md")}`);
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => cleanupAll().then(() => process.exit(130)));
try {
  await main();
  await cleanupAll();
  process.exit(0);
} catch (error) {
  console.error(error);
  await cleanupAll();
  process.exit(1);
}
