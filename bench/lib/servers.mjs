// Starting what is measured: the built API (as the e2e tests do), the two bare baselines, and the
// PostgreSQL database of a run. Every server runs under the heap-reporter preload with --expose-gc so
// its live heap can be read the same way for all three.
import { testAppEnv } from "@moien/test-harness/app-env";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort, now, onCleanup, rssOf, sleep, spawnNode, stopChild, tempDir, waitForHttp } from "./procs.mjs";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const API_MAIN = join(ROOT, "apps/api/dist/main.js");
const PRELOAD = join(ROOT, "bench/preload/heap-reporter.cjs");
export const ADMIN = { email: "admin@bench.test", password: "bench-admin-password-1" };
export const PG_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Common shape of a running server: url, pid, memory(), stop(). */
async function launch(script, { name, env = {}, args = [], healthPath, extra = {} }) {
  const port = await freePort();
  const heapFile = join(tempDir("moien-bench-heap-"), "heap.json");
  const child = spawnNode(script, {
    name,
    args,
    // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles each server of a run.
    nodeArgs: ["--expose-gc", "-r", PRELOAD, ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)],
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", BENCH_HEAP_FILE: heapFile },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url + healthPath, child);
  return {
    name,
    url,
    port,
    pid: child.pid,
    child,
    ...extra,
    /** Live heap after a full GC, and RSS from /proc. */
    async memory() {
      const before = existsSync(heapFile) ? statSync(heapFile).mtimeMs : 0;
      child.kill("SIGUSR2");
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (existsSync(heapFile) && statSync(heapFile).mtimeMs > before) break;
        await sleep(20);
      }
      const usage = JSON.parse(readFileSync(heapFile, "utf8"));
      return {
        heapUsed: usage.heapUsed,
        external: usage.external,
        arrayBuffers: usage.arrayBuffers,
        rss: rssOf(child.pid),
        gcAvailable: usage.gcAvailable,
      };
    },
    stop: () => stopChild(child, 10_000),
  };
}

/**
 * The environment of every API process the bench starts: the test harness's (packages/test-harness),
 * so the bench measures the API exactly as the end-to-end suites run it. `launch` sets PORT and HOST.
 */
function apiEnv(dataDir, databaseUrl) {
  const { PORT: _port, HOST: _host, ...env } = testAppEnv({ port: 0, dataDir, admin: ADMIN, databaseUrl });
  return { ...env, DATABASE_URL: databaseUrl ?? "" };
}

/** The API on the embedded store (fresh DATA_DIR) or on `databaseUrl`; `apiMain`: another build's (bench/ab.mjs). */
export async function startApi({ databaseUrl, dataDir, apiMain = API_MAIN } = {}) {
  dataDir ??= tempDir("moien-bench-data-");
  const env = apiEnv(dataDir, databaseUrl);
  const api = await launch(apiMain, { name: "api", env, healthPath: "/api/v1/health", extra: { dataDir, databaseUrl } });
  api.token = await login(api.url);
  return api;
}

/**
 * One node of a cluster (`bench/scenarios/cluster.mjs`): the same launch and env as `startApi`, plus the
 * shared PostgreSQL, Redis, JWT secret and Redis key prefix every node of a cluster must agree on.
 */
export async function startClusterNode({ name, databaseUrl, redisUrl, jwtSecret, redisKeyPrefix }) {
  const dataDir = tempDir("moien-bench-data-"); // unused with DATABASE_URL; set as startApi does
  const env = { ...apiEnv(dataDir, databaseUrl), REDIS_URL: redisUrl, JWT_SECRET: jwtSecret, REDIS_KEY_PREFIX: redisKeyPrefix };
  return launch(API_MAIN, { name, env, healthPath: "/api/v1/health", extra: { dataDir, databaseUrl } });
}

export async function login(url) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  if (response.status !== 200) throw new Error(`admin login failed: ${response.status} ${await response.text()}`);
  return (await response.json()).accessToken;
}

export async function startBareSocketIo() {
  return launch(join(ROOT, "bench/baselines/bare-socketio.mjs"), { name: "bare-socketio", healthPath: "/health" });
}
export async function startBareWs() {
  return launch(join(ROOT, "bench/baselines/bare-ws.mjs"), { name: "bare-ws", healthPath: "/health" });
}

async function withPg(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database `moien_bench_<random>`, dropped at cleanup. */
export async function createBenchDatabase() {
  const name = `moien_bench_${randomBytes(5).toString("hex")}`;
  await withPg(PG_ADMIN_URL, (c) => c.query(`create database ${name}`));
  onCleanup(() => withPg(PG_ADMIN_URL, (c) => c.query(`drop database if exists ${name} with (force)`)));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/** PIDs of the PostgreSQL backends serving `name` (the API's pool), so their CPU counts as the bench's own. */
export async function databasePids(name) {
  return withPg(PG_ADMIN_URL, async (c) =>
    (await c.query("select pid from pg_stat_activity where datname = $1", [name])).rows.map((r) => r.pid),
  );
}

export async function pgVersion() {
  try {
    return await withPg(PG_ADMIN_URL, async (c) => (await c.query("show server_version")).rows[0].server_version);
  } catch (error) {
    return `unavailable (${error.message})`;
  }
}

// Deletes need tens of thousands of existing users; registering them through the API costs one
// argon2id hash each (minutes), so they are inserted directly with one INSERT … SELECT. They are
// ordinary 'user' rows (the password hash is a placeholder: nobody logs in as them).
const SEED_SQL = (n, batch) => `insert into accounts (full_name, country_code, phone, email, password_hash, role)
  select 'Seed User ' || g, 'LU', '+352621' || lpad(g::text, 6, '0'), 'seed${batch}.' || g || '@bench.test', 'seeded-not-a-hash', 'user'
  from generate_series(1, ${n}) g returning id`;

/** Seeds `n` users; the API must be stopped for the embedded store (PGlite is single-process). */
export async function seedUsers({ databaseUrl, dataDir }, n, batch = 0) {
  const started = now();
  let ids;
  if (databaseUrl) {
    ids = await withPg(databaseUrl, async (c) => (await c.query(SEED_SQL(n, batch))).rows.map((r) => r.id));
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
    // The same extensions as the API's store (src/database/embedded-store.worker.ts): indexes may need them.
    const db = await PGlite.create(join(dataDir, "pglite"), { extensions: { pg_trgm, unaccent } });
    ids = (await db.query(SEED_SQL(n, batch))).rows.map((r) => r.id);
    await db.close();
  }
  return { ids, ms: now() - started };
}

/** The hand-off histogram's cumulative buckets at /metrics (`le` in seconds → count). */
export async function handOffBuckets(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets = new Map();
  for (const [, le, count] of text.matchAll(/^users_event_handoff_seconds_bucket\{le="([^"]+)"\} ([0-9.e+-]+)$/gm))
    buckets.set(le, Number(count));
  return buckets;
}

/** p50 of the events between two bucket readings: the upper bound (ms) of the bucket holding the median. */
export function handOffP50(before, after) {
  const delta = [...after].map(([le, count]) => [le, count - (before.get(le) ?? 0)]);
  const count = delta.find(([le]) => le === "+Inf")?.[1] ?? 0;
  if (count === 0) return null;
  const median = delta.find(([, n]) => n >= count / 2);
  return { count, p50Ms: median[0] === "+Inf" ? Infinity : Number(median[0]) * 1000 };
}

/** The fan-out figures an API node exposes at /metrics: broadcast time (ms) and event-loop lag. */
export async function apiMetrics(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const metric = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, "m").exec(text)?.[1]);
  return {
    fanoutSum: metric("users_event_fanout_seconds_sum") * 1000,
    fanoutCount: metric("users_event_fanout_seconds_count"),
    loopP99Ms: metric("nodejs_eventloop_lag_p99_seconds") * 1000,
    loopMaxMs: metric("nodejs_eventloop_lag_max_seconds") * 1000,
  };
}
