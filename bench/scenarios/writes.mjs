// Writes: register and delete throughput/latency with autocannon, on the embedded store and on
// PostgreSQL, with 0, 1k (and 10k) admin sockets listening — every write is broadcast to all of them.
// Three runs per listener level:
//   register-1    — one client at a time, no listeners: the unloaded latency,
//   register      — max throughput with `connections` concurrent clients (each one argon2id hash),
//   delete        — max throughput, deleting pre-seeded users by id,
//   delete-paced  — a moderate fixed rate, for the response latency a dashboard user would see.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import autocannon from "autocannon";
import { Fleet } from "../lib/fleet.mjs";
import { cpuWatch, sleep } from "../lib/procs.mjs";
import { createBenchDatabase, databasePids, handOffBuckets, handOffP50, seedUsers, startApi } from "../lib/servers.mjs";
import { nextRegistration } from "../lib/workload.mjs";
import { DISTURBED } from "./fanout.mjs";

/** One autocannon run as a promise (a 10 s timeout per request; socket errors are counted in `errors`). */
export function cannon(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ timeout: 10, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on("error", () => {}); // counted in result.errors
  });
}

const summary = (r) => ({
  rps: r.requests.total / r.duration, // completed requests over the real duration (autocannon's average is per whole second)
  total: r["2xx"],
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  durationS: r.duration,
  latency: r.latency,
});

function registerRun(api, { duration, connections }) {
  return cannon({
    url: api.url,
    connections,
    duration,
    requests: [
      {
        method: "POST",
        path: "/api/v1/users/register",
        headers: { "content-type": "application/json" },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(nextRegistration()) }),
      },
    ],
  });
}

function deleteRun(api, pool, { duration, connections, overallRate }) {
  // Never more requests than ids left; a few spare because autocannon may build a request it never sends.
  const max = Math.max(connections, pool.length - connections * 2);
  return cannon({
    url: api.url,
    connections,
    duration,
    overallRate,
    maxOverallRequests: max,
    requests: [
      {
        method: "DELETE",
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/users/${pool.pop() ?? "00000000-0000-4000-8000-000000000000"}`,
          headers: { authorization: `Bearer ${api.token}` },
        }),
      },
    ],
  });
}

/**
 * The registration's ceiling, measured just before its run with the API idle: the product's hasher
 * alone in a child Node (bench/clients/argon2-ceiling.mjs), `connections` hashes in flight.
 */
function argon2Ceiling({ connections, duration }) {
  const script = resolve(import.meta.dirname, "../clients/argon2-ceiling.mjs");
  return JSON.parse(execFileSync(process.execPath, [script, String(connections), String(duration)], { encoding: "utf8" }));
}

/** One autocannon run, then (with listeners) wait until its events reached every socket. */
async function measureRun(api, fleet, pool, op, { store, database, listeners, duration, connections, pacedRate }) {
  await fleet.reset(false);
  const backends = database ? await databasePids(database.name) : [];
  const ceiling = op === "register" && listeners === 0 ? argon2Ceiling({ connections, duration }) : undefined;
  const bucketsBefore = await handOffBuckets(api.url);
  const watch = cpuWatch(() => [api.pid, ...fleet.pids(), ...backends]);
  const raw = op.startsWith("register")
    ? await registerRun(api, { duration, connections: op === "register-1" ? 1 : connections })
    : await deleteRun(api, pool, { duration, connections, overallRate: op === "delete-paced" ? pacedRate : undefined });
  const cpu = watch();
  const s = summary(raw);
  const handOff = handOffP50(bucketsBefore, await handOffBuckets(api.url));
  // Every successful write is one event to every listener; wait for the backlog to drain before the next run.
  const drainStarted = performance.now();
  const counts = listeners
    ? await fleet.settle(s.total * fleet.size, { quietMs: 3_000, timeoutMs: 90_000 })
    : { received: 0, duplicates: 0 };
  return {
    store,
    listeners: fleet.size,
    op,
    connections: op === "register-1" ? 1 : connections,
    rate: op === "delete-paced" ? pacedRate : null,
    ...s,
    cpu,
    argon2Ceiling: ceiling,
    handOff,
    expectedDeliveries: s.total * fleet.size,
    delivered: counts.received,
    duplicates: counts.duplicates,
    drainS: (performance.now() - drainStarted) / 1000,
    raw,
  };
}

export async function runWrites({ stores, levels, duration, connections, pacedRate, seedCount, maxAttempts = 3, log }) {
  const results = [];
  for (const store of stores) {
    log(`writes: starting the API on ${store}`);
    const database = store === "postgres" ? await createBenchDatabase() : null;
    let api = await startApi({ databaseUrl: database?.url });
    // Users to delete: seeded directly (see seedUsers); PGlite needs the API stopped meanwhile.
    if (!database) await api.stop();
    const seeded = await seedUsers({ databaseUrl: database?.url, dataDir: api.dataDir }, seedCount);
    if (!database) api = await startApi({ dataDir: api.dataDir });
    log(`writes ${store}: seeded ${seeded.ids.length} users in ${(seeded.ms / 1000).toFixed(1)} s`);
    const pool = seeded.ids;
    const fleet = new Fleet({ url: api.url, mode: "sio", token: api.token });
    try {
      await fleet.reset(false); // count deliveries only: at thousands of events/s, per-event records would cost the clients
      for (const listeners of levels) {
        const c = await fleet.connectTo(listeners);
        if (c.failed) log(`writes ${store}: ${c.failed} sockets failed to connect: ${JSON.stringify(c.errors)}`);
        await sleep(1_000);
        // Unloaded register latency: one client, no listeners (only at the first level).
        const ops = listeners === levels[0] ? ["register-1", "register", "delete", "delete-paced"] : ["register", "delete", "delete-paced"];
        for (const op of ops) {
          if (op.startsWith("delete") && pool.length < connections * 4) {
            log(`writes ${store} ${listeners}: ${op} skipped, no seeded users left`);
            continue;
          }
          // A run disturbed by other work on the machine is repeated once (not at 10k: too long, and no target there).
          const attempts = [];
          do attempts.push(await measureRun(api, fleet, pool, op, { store, database, listeners, duration, connections, pacedRate }));
          while (attempts.at(-1).cpu.otherCores > DISTURBED && attempts.length < (listeners > 1000 ? 1 : Math.min(2, maxAttempts)));
          const row = attempts.reduce((a, b) => (b.cpu.otherCores < a.cpu.otherCores ? b : a));
          row.attempts = attempts.length;
          results.push(row);
          const { rps, latency, non2xx, errors, cpu } = row;
          log(
            `writes ${store} ${fleet.size} listeners ${op}: ${rps.toFixed(0)} req/s, p50 ${latency.p50} ms, p99 ${latency.p99} ms, non2xx ${non2xx}, errors ${errors}; delivered ${row.delivered}/${row.expectedDeliveries} (drain ${row.drainS.toFixed(1)} s); server ${cpu.serverCores.toFixed(2)} cores, others ${cpu.otherCores.toFixed(2)} cores${row.attempts > 1 ? ` (best of ${row.attempts})` : ""}`,
          );
        }
      }
    } finally {
      await fleet.stop();
      await api.stop();
    }
  }
  return results;
}
