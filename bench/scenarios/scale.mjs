// Scale: N synthetic users (1,000,000 by default) bulk-inserted by `npm run seed` into each store,
// then the read routes measured from outside over HTTP — pages in both orders, cursor pages, every
// kind of search, filters, count and stats — plus the event loop and /health/live during a stream of
// searches, and register throughput on the seeded store.
import { exportInConsole } from "../lib/console-export.mjs";
import { spawn } from "node:child_process";
import { join } from "node:path";
import autocannon from "autocannon";
import { cpuWatch, now, onCleanup, rssOf, sleep, stopChild, tempDir } from "../lib/procs.mjs";
import { createBenchDatabase, databasePids, ROOT, startApi } from "../lib/servers.mjs";
import { summarize } from "../lib/stats.mjs";

const SEED = join(ROOT, "apps/api/dist/cli/seed.js");
const DAY_MS = 86_400_000;

/** Runs `npm run seed`'s script to completion, bounded in time; returns its wall time and its own figure. */
function seed({ users, dataDir, databaseUrl, timeoutMs, log, store }) {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(process.execPath, [SEED, "--users", String(users)], {
      env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
    const unregister = onCleanup(() => stopChild(child));
    let output = "";
    let lastLog = 0;
    const keep = (chunk) => {
      output = (output + chunk).slice(-10_000);
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`scale ${store}: seed ${String(chunk).trim().split("\n").at(-1)}`);
      }
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      unregister();
      const wallS = (now() - started) / 1000;
      if (code !== 0)
        return reject(
          new Error(`seed exited with ${code ?? signal} after ${wallS.toFixed(0)} s (bound ${timeoutMs / 1000} s):\n${output}`),
        );
      const own = /Seeded ([\d,]+) users in ([\d.]+) s/.exec(output);
      resolve({ users: Number(own?.[1].replaceAll(",", "")), insertS: Number(own?.[2]), wallS });
    });
  });
}

async function timedGet(url, token) {
  const start = performance.now();
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  return { ms: performance.now() - start, status: response.status, text };
}

/** `requests` sequential GETs after 2 warm-ups, bounded to `budgetMs`; the first answer says how many rows. */
async function measure(api, path, { requests, budgetMs }) {
  const url = api.url + path;
  const first = await timedGet(url, api.token);
  await timedGet(url, api.token);
  const samples = [];
  const statuses = new Set([first.status]);
  const deadline = performance.now() + budgetMs;
  while (samples.length < requests && performance.now() < deadline) {
    const r = await timedGet(url, api.token);
    samples.push(r.ms);
    statuses.add(r.status);
  }
  let rows = "–";
  try {
    const body = JSON.parse(first.text);
    if (Array.isArray(body.items)) rows = `${body.items.length}${body.nextCursor ? "+" : ""}`;
    else if (typeof body.total === "number") rows = `total ${body.total}`;
  } catch {
    // not JSON: the status says why
  }
  const s = summarize(samples);
  return {
    path,
    rows,
    statuses: [...statuses],
    n: s.n,
    p50: s.p50,
    p95: percentile(s.sorted, 95),
    max: s.max,
    firstBody: first.status === 200 ? first.text : undefined,
  };
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const day = (daysAgo) => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
const q = (v) => encodeURIComponent(v);

/**
 * The requests of the scenario: [group, label, path]. Groups carry the targets (see
 * lib/scale-report.mjs). `rare` is one seeded user's email (unique by construction).
 */
function plan({ rare, deepCursor }) {
  const window = `registeredFrom=${day(200)}&registeredTo=${day(170)}`;
  return [
    ["page", "first page", "/api/v1/users?limit=50"],
    ["page", "first page, oldest first", "/api/v1/users?limit=50&order=oldest"],
    ["page", "cursor page 2", null], // filled from the first page
    [
      "page",
      "deep cursor: page 2 of registeredTo=1 year ago",
      deepCursor ? `/api/v1/users?limit=50&registeredTo=${day(365)}&cursor=${q(deepCursor)}` : null,
    ],
    ["page", "country=LU", "/api/v1/users?limit=50&country=LU"],
    ["page", "country=LU, oldest first", "/api/v1/users?limit=50&country=LU&order=oldest"],
    ["page", "30-day window (registeredFrom/To)", `/api/v1/users?limit=50&${window}`],
    ["page", "country=MA,TN + 30-day window", `/api/v1/users?limit=50&country=MA,TN&${window}`],
    ["search", "q=ahmed (common word)", "/api/v1/users?limit=50&q=ahmed"],
    ["search", "q=ahmed, oldest first", "/api/v1/users?limit=50&q=ahmed&order=oldest"],
    ["search", "q=<one user's email> (rare)", `/api/v1/users?limit=50&q=${q(rare)}`],
    ["search", "q=zzqx (no match)", "/api/v1/users?limit=50&q=zzqx"],
    ["search", "q=@gmail.com (email domain)", `/api/v1/users?limit=50&q=${q("@gmail.com")}`],
    ["search", "q=691 (phone digits)", "/api/v1/users?limit=50&q=691"],
    ["search", "q=احمد (Arabic variant of أحمد)", `/api/v1/users?limit=50&q=${q("احمد")}`],
    ["search", "q=muller (Latin, finds Müller)", "/api/v1/users?limit=50&q=muller"],
    ["search", "q=ahmed + country=MA + window", `/api/v1/users?limit=50&q=ahmed&country=MA&${window}`],
    ["short", "q=a (1 character)", "/api/v1/users?limit=50&q=a"],
    ["short", "q=ah (2 characters)", "/api/v1/users?limit=50&q=ah"],
    ["count", "count (no filter)", "/api/v1/users/count"],
    ["count", "count country=LU", "/api/v1/users/count?country=LU"],
    ["count", "count 30-day window", `/api/v1/users/count?${window}`],
    ["count", "count q=ahmed", "/api/v1/users/count?q=ahmed"],
    ["count", "count q=@gmail.com + country=FR", `/api/v1/users/count?q=${q("@gmail.com")}&country=FR`],
    ["count", "count q=a", "/api/v1/users/count?q=a"],
    ["stats", "stats", "/api/v1/users/stats"],
  ];
}

const STREAM_QUERIES = ["ahmed", "@gmail.com", "691", "احمد", "muller", "zzqx", "jean", "ah"];

/**
 * The whole CSV export (every user), read as fast as the orchestrator can: seconds, rows, bytes, and
 * the server's RSS before and at its peak (polled every 50 ms from /proc) — issue 12: 1,000,000 users
 * in ≤ 30 s with RSS growing ≤ 100 MiB.
 */
async function exportAll(api) {
  const before = rssOf(api.pid);
  let peak = before;
  const poll = setInterval(() => (peak = Math.max(peak, rssOf(api.pid))), 50);
  const started = now();
  try {
    const response = await fetch(`${api.url}/api/v1/users/export`, { headers: { authorization: `Bearer ${api.token}` } });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines++;
    }
    return {
      status: response.status,
      seconds: (now() - started) / 1000,
      rows: Math.max(0, lines - 1),
      bytes,
      rssBeforeMiB: before / 2 ** 20,
      rssGrowthMiB: (peak - before) / 2 ** 20,
    };
  } finally {
    clearInterval(poll);
  }
}

/** `clients` loops of searches for `seconds`, with /health/live every 25 ms and the event-loop delay from /metrics. */
async function searchStream(api, { seconds, clients = 2 }) {
  await fetch(`${api.url}/metrics`).then((r) => r.text()); // resets the event-loop histogram
  const end = performance.now() + seconds * 1000;
  const searchMs = [];
  const liveMs = [];
  const loop = async (offset) => {
    for (let i = offset; performance.now() < end; i++) {
      searchMs.push((await timedGet(`${api.url}/api/v1/users?limit=50&q=${q(STREAM_QUERIES[i % STREAM_QUERIES.length])}`, api.token)).ms);
    }
  };
  const live = async () => {
    while (performance.now() < end) {
      liveMs.push((await timedGet(`${api.url}/api/v1/health/live`)).ms);
      await sleep(25);
    }
  };
  await Promise.all([...Array.from({ length: clients }, (_, i) => loop(i * 3)), live()]);
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const metric = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, "m").exec(text)?.[1]) * 1000;
  const s = summarize(searchMs);
  const l = summarize(liveMs);
  return {
    seconds,
    clients,
    searches: s.n,
    searchP50: s.p50,
    searchP99: s.p99,
    liveN: l.n,
    liveP50: l.p50,
    liveP99: l.p99,
    liveMax: l.max,
    loopP50: metric("nodejs_eventloop_lag_p50_seconds"),
    loopP99: metric("nodejs_eventloop_lag_p99_seconds"),
    loopMax: metric("nodejs_eventloop_lag_max_seconds"),
  };
}

/** autocannon registrations (argon2id each) on the seeded store; phones of a country the seed does not use. */
function registerThroughput(api, { duration, connections }) {
  let i = 0;
  const run = Math.floor(Math.random() * 1e6).toString(36);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: api.url,
        connections,
        duration,
        timeout: 10,
        requests: [
          {
            method: "POST",
            path: "/api/v1/users/register",
            headers: { "content-type": "application/json" },
            setupRequest: (req) => {
              i++;
              const body = {
                fullName: `Scale Register ${i}`,
                countryCode: "CH",
                phone: `+4179${String(i).padStart(7, "0")}`,
                email: `scale-${run}-${i}@bench.test`,
                password: "correct-horse-1",
              };
              return { ...req, body: JSON.stringify(body) };
            },
          },
        ],
      },
      (error, r) =>
        error
          ? reject(error)
          : resolve({
              rps: r.requests.total / r.duration,
              total: r["2xx"],
              non2xx: r.non2xx,
              errors: r.errors,
              p50: r.latency.p50,
              p99: r.latency.p99,
            }),
    );
    instance.on("error", () => {});
  });
}

export async function runScale({
  users,
  stores = ["postgres", "embedded"],
  requests = 20,
  streamS = 10,
  registerS = 8,
  seedTimeoutS = 600,
  log,
}) {
  const results = [];
  for (const store of stores) {
    const database = store === "postgres" ? await createBenchDatabase() : null;
    const dataDir = tempDir("moien-bench-scale-");
    log(`scale ${store}: seeding ${users.toLocaleString("en")} users (bounded to ${seedTimeoutS} s)`);
    const seeded = await seed({ users, dataDir, databaseUrl: database?.url, timeoutMs: seedTimeoutS * 1000, log, store });
    log(`scale ${store}: seeded ${seeded.users} users in ${seeded.insertS} s (${seeded.wallS.toFixed(1)} s with start and migrations)`);
    const api = await startApi({ databaseUrl: database?.url, dataDir });
    try {
      const backends = database ? await databasePids(database.name) : [];
      const watch = cpuWatch(() => [api.pid, ...backends]);
      const first = JSON.parse((await timedGet(`${api.url}/api/v1/users?limit=50`, api.token)).text);
      const firstYear = JSON.parse((await timedGet(`${api.url}/api/v1/users?limit=50&registeredTo=${day(365)}`, api.token)).text);
      const rare = first.items?.[0]?.email ?? "nobody@example.com";
      const rows = [];
      for (const [group, label, path] of plan({ rare, deepCursor: firstYear.nextCursor })) {
        const target =
          path ?? (label === "cursor page 2" && first.nextCursor ? `/api/v1/users?limit=50&cursor=${q(first.nextCursor)}` : null);
        if (!target) {
          rows.push({ group, label, path: "–", skipped: "no cursor to follow" });
          continue;
        }
        const r = await measure(api, target, { requests, budgetMs: 20_000 });
        delete r.firstBody;
        rows.push({ group, label, ...r });
        log(
          `scale ${store}: ${label}: p50 ${r.p50.toFixed(1)} / p95 ${r.p95.toFixed(1)} / max ${r.max.toFixed(1)} ms, rows ${r.rows}, status ${r.statuses.join(",")}`,
        );
      }
      const cpu = watch();
      log(`scale ${store}: search stream for ${streamS} s`);
      const stream = await searchStream(api, { seconds: streamS });
      log(
        `scale ${store}: stream ${stream.searches} searches, /health/live p99 ${stream.liveP99.toFixed(1)} ms, event loop p99 ${stream.loopP99.toFixed(1)} ms`,
      );
      const exported = await exportAll(api);
      log(`scale ${store}: export ${exported.rows} rows in ${exported.seconds.toFixed(1)} s, RSS +${exported.rssGrowthMiB.toFixed(0)} MiB`);
      const inConsole = await exportInConsole(api);
      log(
        `scale ${store}: console export ${(inConsole.bytes / 2 ** 20).toFixed(0)} MiB in ${inConsole.seconds.toFixed(1)} s, page heap + ArrayBuffers +${inConsole.heapGrowthMiB.toFixed(1)} MiB, renderer RSS +${inConsole.rendererGrowthMiB.toFixed(1)} MiB`,
      );
      const register = await registerThroughput(api, { duration: registerS, connections: 10 });
      log(`scale ${store}: register ${register.rps.toFixed(0)} req/s (non-2xx ${register.non2xx})`);
      results.push({ store, users, seeded, rows, stream, exported, inConsole, register, cpu });
    } finally {
      await api.stop();
    }
  }
  return results;
}
