#!/usr/bin/env node
// A/B of this build against an earlier commit, side by side in one run: both APIs run at once on the
// same machine, each on its own fresh store seeded alike, and the same autocannon runs alternate
// between them (A B, then B A, …) so drift in the machine's load falls on both. What a change costs
// is read as the ratio B ÷ A, never as an absolute compared with another day's run.
//
//   npm run bench:ab -- --ref 7c20722 [--label "before operators"] [--stores embedded,postgres]
//                       [--rounds 5] [--duration 5] [--ops list,delete]
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
  },
});
if (!opts.ref) {
  console.error(
    "usage: npm run bench:ab -- --ref <commit> [--label TEXT] [--stores embedded,postgres] [--ops list,delete] [--rounds 5] [--duration 5]",
  );
  process.exit(2);
}
const rounds = Number(opts.rounds);
const duration = Number(opts.duration);
const connections = Number(opts.connections);
const stores = opts.stores.split(",");
const ops = opts.ops.split(",");
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

/** What each operation sends: the first page of users, or a delete of a seeded user. */
const REQUESTS = {
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

async function measure(side, op, store, seconds = duration) {
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
    `${seconds === duration ? "" : "warm-up: "}${store} ${op} ${side.name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non2xx ${row.non2xx}, errors ${row.errors}, other load ${cpu.otherCores.toFixed(2)} cores`,
  );
  if (row.non2xx || row.errors) throw new Error(`${store} ${op} on ${side.name}: ${row.non2xx} non-2xx answers, ${row.errors} errors`);
  return row;
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
      "`list` = `GET /api/v1/users` (first page, an admin's bearer token); `delete` = `DELETE /api/v1/users/:id` of seeded users, no listener. The row is the median of the rounds; B ÷ A is the ratio of the medians, and (bold) the median of the rounds' own ratios: a round's A and B ran back to back, so drift between rounds cancels.",
    "",
    "| store | operation | A req/s (rounds) | B req/s (rounds) | B ÷ A (medians) | B ÷ A per round (median of the rounds) | A p50 / p99 ms | B p50 / p99 ms | other load (max, cores) |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const store of stores)
    for (const op of ops) {
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
  return lines.join("\n");
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
  // Enough users for every delete run of both rounds at ~1,000 req/s.
  const seedCount = ops.includes("delete") ? Math.ceil((rounds * duration + WARM_UP_S) * 1_500) + 2_000 : 0;
  const rows = [];
  for (const store of stores) {
    log(`${store}: starting A and B, ${seedCount} users seeded into each`);
    const sides = [await startSide("A", aMain, store, seedCount), await startSide("B", API_MAIN, store, seedCount)];
    try {
      // A warm-up run of each operation on each side first (JIT, caches, the pools' connections), not counted.
      for (const op of ops) for (const side of sides) await measure(side, op, store, WARM_UP_S);
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? sides : [...sides].reverse();
        for (const op of ops) for (const side of order) rows.push({ round, ...(await measure(side, op, store)) });
      }
    } finally {
      for (const side of sides) await side.api.stop();
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
