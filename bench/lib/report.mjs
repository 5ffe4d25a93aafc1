// bench/RESULTS.md: the machine, the exact commands, one table per scenario, the targets of the
// issue (met or missed, by how much) and links to the charts written next to it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cdfChart, percentilePoints } from "./svg.mjs";
import { kib, mib, ms } from "./stats.mjs";

const table = (head, rows) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
// Flags a row measured while other processes used a noticeable share of the 2 cores.
const disturbed = (cpu) => (cpu.otherCores > 0.3 ? " ⚠" : "");

/**
 * A target row: lower-is-better (`max`) or higher-is-better (`min`). Every quantity here is a time, a
 * rate, a size or a ratio: a negative one is a broken measurement (e.g. RSS that fell between two
 * readings), reported as such and never as met.
 */
function target(name, value, { max, min, unit, fmt = (v) => v.toFixed(1), note = "" }) {
  if (!Number.isFinite(value)) return [name, "not measured", "–", note];
  if (value < 0) return [name, `${fmt(value)} ${unit}`, "**not a valid measurement** (negative): measure again", note];
  const limit = max ?? min;
  const met = max !== undefined ? value <= max : value >= min;
  const by = max !== undefined ? value - max : min - value;
  const margin = met
    ? `met, ${fmt(Math.abs(by))} ${unit} to spare`
    : `**missed** by ${fmt(by)} ${unit} (${(value / limit).toFixed(1)}× the ${max !== undefined ? "limit" : "goal"})`;
  return [name, `${fmt(value)} ${unit} (${max !== undefined ? "≤" : "≥"} ${fmt(limit)})`, margin, note];
}

// µs per socket and event (see the "Derived" section).
const perSocketUs = (r) => (r.kind.startsWith("api") ? (r.serverCpu * 1e6) / (r.rate * r.sockets) : (r.emit.emitMeanMs / r.sockets) * 1000);

// A fan-out row's count over all its rounds (older results have none).
const sum = (r, key) => (r.rounds ?? [r]).reduce((total, x) => total + x[key], 0);

function targets({ fanout, writes, cluster }) {
  const rows = [];
  const row = (kind, n) => fanout.find((r) => r.kind === kind && r.n === n && r.fromResponse);
  for (const [n, limit] of [
    [1000, 25],
    [10000, 150],
  ]) {
    const r = row("api", n);
    rows.push(
      target(`fan-out p99 at ${n / 1000}k sockets (from HTTP response)`, r?.fromResponse.p99, {
        max: limit,
        unit: "ms",
        note: r ? `from request start: ${ms(r.fromStart.p99)} ms` : "",
      }),
    );
  }
  // Against bare Socket.IO in the same run; the note compares at equal work (see atBarePace in run.mjs).
  for (const [n, limit] of [
    [1000, 1.0],
    [5000, 1.0],
    [10000, 0.9],
  ]) {
    const [a, b, paced] = [row("api", n), row("bare-socketio", n), row("api-at-bare-pace", n)];
    rows.push(
      target(`fan-out p99 ÷ bare Socket.IO at ${n / 1000}k`, a && b ? a.fromResponse.p99 / b.fromResponse.p99 : NaN, {
        max: limit,
        unit: "×",
        fmt: (v) => v.toFixed(2),
        note:
          a && b
            ? `events/s sent: API ${a.rate?.toFixed(1)}, bare ${b.rate?.toFixed(1)}` +
              (paced ? `; API sent bare's rate: ${(paced.fromResponse.p99 / b.fromResponse.p99).toFixed(2)}×` : "")
            : "",
      }),
    );
  }
  for (const r of fanout.filter((r) => r.kind === "api" && r.fromResponse)) {
    const exact = (r.rounds ?? [r]).every((x) => x.delivered === x.expected && x.duplicates === 0 && x.minPerEvent === r.sockets);
    rows.push([
      `every event delivered exactly once at ${r.n / 1000}k`,
      `${sum(r, "delivered")}/${sum(r, "expected")} deliveries, ${sum(r, "duplicates")} duplicates${r.rounds?.length > 1 ? ` (${r.rounds.length} rounds)` : ""}`,
      exact ? "met" : `**missed**: ${sum(r, "expected") - sum(r, "delivered")} missing, ${sum(r, "duplicates")} duplicates`,
      "",
    ]);
  }
  for (const n of [1000, 10000]) {
    const r = fanout.find((x) => x.kind === "api" && x.n === n);
    rows.push(target(`heap per idle connection at ${n / 1000}k`, r ? r.memory.heapPerConn / 1024 : NaN, { max: 10, unit: "KiB" }));
    rows.push(target(`RSS per idle connection at ${n / 1000}k`, r ? r.memory.rssPerConn / 1024 : NaN, { max: 12, unit: "KiB" }));
  }
  // No numeric target: the issue asks for the cluster to work and its cost to be known.
  const clusterRows = cluster?.rows?.filter((r) => r.fromResponse) ?? [];
  if (clusterRows.length) {
    const single = (n) => fanout.find((x) => x.kind === "api" && x.n === n && x.fromResponse);
    const exact = clusterRows.every((r) => r.delivered === r.expected && r.duplicates === 0 && r.minPerEvent === r.sockets);
    rows.push([
      "cluster fan-out on 2 nodes through Redis",
      clusterRows
        .map(
          (r) =>
            `${r.n / 1000}k: p50 ${ms(r.fromResponse.p50)} / p99 ${ms(r.fromResponse.p99)} ms${single(r.n) ? ` (p99 ${ratio(r.fromResponse.p99, single(r.n).fromResponse.p99)} the single node's)` : ""}`,
        )
        .join("; "),
      `reported (no numeric target); ${exact ? "every event delivered exactly once" : "**deliveries missing or duplicated**: " + clusterRows.map((r) => `${r.n / 1000}k ${r.delivered}/${r.expected}, ${r.duplicates} dup`).join("; ")}`,
      "see [Cluster fan-out](#cluster-fan-out-2-api-nodes-through-redis)",
    ]);
  } else {
    rows.push([
      "cluster fan-out on 2 nodes through Redis",
      "not measured",
      "reported (no numeric target)",
      cluster === undefined ? "not part of this run (full run or `--only=cluster`)" : "",
    ]);
  }
  for (const store of ["embedded", "postgres"]) {
    const w = (op, listeners) => writes.find((r) => r.store === store && r.op === op && r.listeners === listeners);
    rows.push(
      target(`register throughput, ${store}, no listeners`, w("register", 0)?.rps, {
        min: 150,
        unit: "req/s",
        fmt: (v) => v.toFixed(0),
        note: `${w("register", 0)?.connections ?? "–"} connections`,
      }),
    );
    rows.push(
      target(`register p50 unloaded, ${store}`, w("register-1", 0)?.latency.p50, { max: 30, unit: "ms", note: "one client, no listeners" }),
    );
    const ceiling = w("register", 0)?.argon2Ceiling;
    rows.push(
      target(`register throughput ÷ the argon2 ceiling, ${store}`, ceiling ? (100 * w("register", 0).rps) / ceiling.hashesPerSecond : NaN, {
        min: 85,
        unit: "%",
        fmt: (v) => v.toFixed(0),
        note: ceiling
          ? `${w("register", 0).rps.toFixed(0)} req/s vs ${ceiling.hashesPerSecond.toFixed(0)} hashes/s, the product's hasher alone, same run`
          : "",
      }),
    );
    rows.push(
      target(`delete throughput, ${store}, no listeners`, w("delete", 0)?.rps, {
        min: store === "postgres" ? 900 : 300,
        unit: "req/s",
        fmt: (v) => v.toFixed(0),
      }),
    );
    const handOff = w("delete", 0)?.handOff;
    rows.push(
      target(`commit → hand-off to the sockets p50, ${store}, no listeners`, handOff ? handOff.p50Ms : NaN, {
        max: 1,
        unit: "ms",
        fmt: (v) => v.toFixed(2),
        note: handOff
          ? `users_event_handoff_seconds over the delete run: ${handOff.count} events, p50 ≤ ${handOff.p50Ms} ms (bucket bound)`
          : "",
      }),
    );
    for (const op of ["register", "delete"]) {
      const [none, loaded] = [w(op, 0)?.rps, w(op, 1000)?.rps];
      rows.push(
        target(`${op} throughput with 1k listeners, ${store}`, none && loaded ? (100 * loaded) / none : NaN, {
          min: 90,
          unit: "% of none",
          fmt: (v) => v.toFixed(0),
          note: none && loaded ? `${loaded.toFixed(0)} vs ${none.toFixed(0)} req/s` : "",
        }),
      );
    }
    for (const [listeners, max] of [
      [10000, 100],
      [1000, 20],
    ]) {
      const paced = w("delete-paced", listeners);
      rows.push(
        target(`delete response p99 with ${listeners / 1000}k listeners, ${store}`, paced?.latency.p99, {
          max,
          unit: "ms",
          note: paced ? `paced at ${paced.rate} req/s, achieved ${paced.rps.toFixed(0)}` : "",
        }),
      );
    }
  }
  return table(["target (from the issue)", "measured", "verdict", "note"], rows);
}

function fanoutSection(fanout, dir, charts) {
  const done = fanout.filter((r) => r.fromResponse);
  if (!fanout.length) return "Not run.";
  const lines = [];
  lines.push(
    table(
      [
        "server",
        "sockets",
        "events",
        "delivered / expected",
        "dup",
        "from response p50 / p90 / p99 / max (ms)",
        "from request start p50 / p99 (ms)",
        "HTTP p50 (ms)",
        "events/s sent",
        "time in broadcast per event (ms)",
        "server CPU (cores)",
        "machine busy / other load (cores)",
        "p99 of each round (ms)",
      ],
      done.map((r) => [
        r.label,
        r.sockets,
        r.events,
        `${r.delivered} / ${r.expected}${r.minPerEvent < r.sockets ? ` (worst event: ${r.minPerEvent})` : ""}`,
        r.duplicates,
        `${ms(r.fromResponse.p50)} / ${ms(r.fromResponse.p90)} / ${ms(r.fromResponse.p99)} / ${ms(r.fromResponse.max)}`,
        `${ms(r.fromStart.p50)} / ${ms(r.fromStart.p99)}`,
        ms(r.httpMs.p50),
        r.rate?.toFixed(1) ?? "–",
        ms(r.emit?.emitMeanMs),
        r.serverCpu.toFixed(2),
        `${r.cpu.machineCores.toFixed(2)} / ${r.cpu.otherCores.toFixed(2)}${disturbed(r.cpu)}`,
        r.rounds?.length > 1 ? r.rounds.map((x) => ms(x.p99)).join(" / ") : "–",
      ]),
    ),
  );
  lines.push(
    "",
    '"p99 of each round": the row is the round with the median p99. "time in broadcast": the API\'s `users_event_fanout_seconds` (mean per event: the broadcast call, which queues the event for every socket and writes the first slice); the baselines time their own broadcast call, one synchronous loop over every socket. API event-loop delay during each tier (prom-client): ' +
      done
        .filter((r) => r.kind === "api")
        .map((r) => `${r.n / 1000}k: p99 ${ms(r.emit?.loopP99Ms)} ms, max ${ms(r.emit?.loopMaxMs)} ms`)
        .join("; ") +
      ".",
  );
  lines.push("", "**Ratios to the floor** (API ÷ baseline, latency from the HTTP response):", "");
  const ratioRows = [];
  // The API against each baseline, and at bare Socket.IO's rate where it was measured so.
  const pairs = [
    ["api", "bare-socketio"],
    ["api", "bare-ws"],
    ["api-at-bare-pace", "bare-socketio"],
  ];
  for (const n of [...new Set(done.map((r) => r.n))]) {
    for (const [apiKind, kind] of pairs) {
      const api = done.find((r) => r.kind === apiKind && r.n === n);
      const b = done.find((r) => r.kind === kind && r.n === n);
      if (!api || !b) continue;
      ratioRows.push([
        n,
        apiKind === "api" ? b.label : `${b.label}, API sent the same rate`,
        `${(api.fromResponse.p50 / b.fromResponse.p50).toFixed(2)}×`,
        `${(api.fromResponse.p99 / b.fromResponse.p99).toFixed(2)}×`,
        `${ms(b.fromResponse.p50)} / ${ms(b.fromResponse.p99)}`,
      ]);
    }
  }
  lines.push(table(["sockets", "baseline", "p50 ratio", "p99 ratio", "baseline p50 / p99 (ms)"], ratioRows));
  for (const n of [...new Set(done.map((r) => r.n))]) {
    const series = done.filter((r) => r.n === n).map((r) => ({ label: `${r.label} (from response)`, points: r.fromResponse.points }));
    const api = done.find((r) => r.kind === "api" && r.n === n);
    if (api) series.push({ label: "API (from request start)", points: api.fromStart.points, dashed: true });
    const file = `fanout-${n}.svg`;
    writeFileSync(join(dir, file), cdfChart({ title: `Fan-out delivery latency, ${n} sockets (CDF over every event × socket)`, series }));
    charts.push(file);
    lines.push("", `![fan-out ${n}](${file})`);
  }
  return lines.join("\n");
}

const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "–");

/** Two API nodes through Redis against the single-node API rows of the fan-out table. */
function clusterSection(cluster, fanout, dir, charts) {
  if (!cluster) return "Not part of this run: the full run and `npm run bench -- --only=cluster` measure it (never `--quick`).";
  const done = cluster.rows.filter((r) => r.fromResponse);
  const m = cluster.meta;
  const lines = [
    `Two API nodes (\`node --expose-gc -r bench/preload/heap-reporter.cjs apps/api/dist/main.js\` twice, on two free ports, the single-node API's env plus \`DATABASE_URL=postgres://postgres@127.0.0.1:5432/${"moien_bench_<random>"}\`, \`REDIS_URL=${m.redis.split(" at ")[1] ?? m.redis}\` (Redis ${m.redis.split(" at ")[0]}), one random 64-character \`JWT_SECRET\`, \`REDIS_KEY_PREFIX=bench-<random hex>\`), started one after the other on a fresh database; the admin token is issued by node A and accepted by node B. ` +
      "Half of the sockets connect to node A and half to node B (2 client processes each, the same 4 as above); the events alternate between the nodes' REST endpoints: pair k registers on node k mod 2 and deletes that user on the other node, so each node serves half of the registrations and half of the deletions. " +
      "Each event reaches the other node's sockets through the Redis stream. Same pacing, events and measurement as the fan-out above. " +
      `The run's database is dropped and its Redis keys (\`<prefix>:socket.io\` and sessions) deleted afterwards. Took ${m.tookS.toFixed(0)} s (budget ${m.budgetS} s)${m.skipped?.length ? `; skipped to stay within it: ${m.skipped.join(", ")} sockets` : ""}.`,
    "",
  ];
  if (!done.length) return lines.concat("No tier completed.").join("\n");
  lines.push(
    table(
      [
        "sockets (A + B)",
        "events",
        "delivered / expected",
        "dup",
        "from response p50 / p90 / p99 / max (ms)",
        "from request start p50 / p99 (ms)",
        "same node p50 / p99 (ms)",
        "other node p50 / p99 (ms)",
        "HTTP p50 (ms)",
        "node CPU A + B (cores)",
        "machine busy / other load (cores)",
      ],
      done.map((r) => [
        `${r.sockets} (${r.perNode.map((p) => p.sockets).join(" + ")})`,
        r.events,
        `${r.delivered} / ${r.expected}${r.minPerEvent < r.sockets ? ` (worst event: ${r.minPerEvent})` : ""}${r.disconnects ? `, ${r.disconnects} disconnects` : ""}`,
        r.duplicates,
        `${ms(r.fromResponse.p50)} / ${ms(r.fromResponse.p90)} / ${ms(r.fromResponse.p99)} / ${ms(r.fromResponse.max)}`,
        `${ms(r.fromStart.p50)} / ${ms(r.fromStart.p99)}`,
        `${ms(r.sameNode.fromResponse.p50)} / ${ms(r.sameNode.fromResponse.p99)}`,
        `${ms(r.otherNode.fromResponse.p50)} / ${ms(r.otherNode.fromResponse.p99)}`,
        ms(r.httpMs.p50),
        r.perNode.map((p) => p.cpu.toFixed(2)).join(" + "),
        `${r.cpu.machineCores.toFixed(2)} / ${r.cpu.otherCores.toFixed(2)}${disturbed(r.cpu)}${r.attempts?.length > 1 ? ` (best of ${r.attempts.length})` : ""}`,
      ]),
    ),
    "",
    '"same node": deliveries to sockets on the node that served the request; "other node": to sockets on the other node, which get the event through the Redis stream (the serving node\'s relay normally publishes it; when the other node\'s 500 ms relay poll takes the row first, the roles swap — "relay emits" below then differ from "requests served"). Redis and the PostgreSQL backends of the run\'s database count as the bench\'s own CPU, not as other load.',
    "",
    'Per node ("relay emits": events this node\'s relay handed to the adapter, and `users_event_fanout_seconds` mean per emit; event-loop delay from prom-client):',
    "",
    table(
      [
        "sockets",
        "node",
        "sockets on it",
        "requests served",
        "relay emits",
        "time per emit (ms)",
        "event loop p99 / max (ms)",
        "CPU (cores)",
      ],
      done.flatMap((r) =>
        r.perNode.map((p) => [
          r.sockets,
          p.name,
          p.sockets,
          p.served,
          p.emits,
          ms(p.emitMeanMs),
          `${ms(p.loopP99Ms)} / ${ms(p.loopMaxMs)}`,
          p.cpu.toFixed(2),
        ]),
      ),
    ),
    "",
    "**Against one node** (cluster ÷ the single-node API rows of the fan-out table above — that node runs the embedded store, the cluster PostgreSQL + Redis; same machine, same client processes):",
    "",
  );
  const single = (n) => fanout.find((x) => x.kind === "api" && x.n === n && x.fromResponse);
  lines.push(
    table(
      [
        "sockets",
        "single node p50 / p99 from response (ms)",
        "cluster p50 / p99 from response (ms)",
        "p50 ratio",
        "p99 ratio",
        "from request start p50 / p99 ratio",
        "machine busy, single → cluster (cores)",
      ],
      done.map((r) => {
        const s = single(r.n);
        if (!s) return [r.n, "not in this run", `${ms(r.fromResponse.p50)} / ${ms(r.fromResponse.p99)}`, "–", "–", "–", "–"];
        return [
          r.n,
          `${ms(s.fromResponse.p50)} / ${ms(s.fromResponse.p99)}`,
          `${ms(r.fromResponse.p50)} / ${ms(r.fromResponse.p99)}`,
          ratio(r.fromResponse.p50, s.fromResponse.p50),
          ratio(r.fromResponse.p99, s.fromResponse.p99),
          `${ratio(r.fromStart.p50, s.fromStart.p50)} / ${ratio(r.fromStart.p99, s.fromStart.p99)}`,
          `${s.cpu.machineCores.toFixed(2)} → ${r.cpu.machineCores.toFixed(2)}`,
        ];
      }),
    ),
    "",
    "Two nodes split the broadcast work (each writes every event to its half of the sockets) but here they share the same 2 cores with each other, the 4 client processes, PostgreSQL and Redis: the ratio shows what the Redis hop and the extra processes cost on one machine, not the gain of a second machine.",
  );
  for (const r of done) {
    const series = [
      { label: "cluster, 2 nodes (from response)", points: r.fromResponse.points },
      { label: "cluster, 2 nodes (from request start)", points: r.fromStart.points, dashed: true },
    ];
    const s = single(r.n);
    if (s)
      series.push(
        { label: "single-node API (from response)", points: s.fromResponse.points },
        { label: "single-node API (from request start)", points: s.fromStart.points, dashed: true },
      );
    const file = `fanout-cluster-${r.n}.svg`;
    writeFileSync(
      join(dir, file),
      cdfChart({ title: `Cluster fan-out, ${r.n} sockets on 2 nodes through Redis (CDF over every event × socket)`, series }),
    );
    charts.push(file);
    lines.push("", `![cluster fan-out ${r.n}](${file})`);
  }
  return lines.join("\n");
}

function memorySection(fanout) {
  if (!fanout.length) return "Not run.";
  return (
    table(
      [
        "server",
        "idle sockets",
        "heap before → after (MiB)",
        "RSS before → after (MiB)",
        "heap per connection (KiB)",
        "RSS per connection (KiB)",
      ],
      // A tier measured again at another rate has the same memory row.
      fanout
        .filter((r) => r.kind !== "api-at-bare-pace")
        .map((r) => [
          r.label,
          r.sockets,
          `${mib(r.memory.base.heapUsed)} → ${mib(r.memory.at.heapUsed)}`,
          `${mib(r.memory.base.rss)} → ${mib(r.memory.at.rss)}`,
          kib(r.memory.heapPerConn),
          kib(r.memory.rssPerConn),
        ]),
    ) +
    "\n\nMeasured with the sockets idle, before the tier's events; the baseline is taken after a warm-up (50 sockets and 6 events, then closed). Heap = `heapUsed` after two forced GCs (`--expose-gc`, read on SIGUSR2 by `bench/preload/heap-reporter.cjs`); RSS = `VmRSS` from `/proc/<pid>/status`. At 5k/10k the per-connection figures are over all sockets connected so far (the tiers grow one fleet)."
  );
}

function writesSection(writes, dir, charts) {
  if (!writes.length) return "Not run.";
  const lines = [
    table(
      [
        "store",
        "listeners",
        "run",
        "conns",
        "req/s",
        "2xx",
        "non-2xx / errors",
        "p50 / p90 / p99 / max (ms)",
        "events per listener vs 2xx",
        "server CPU (cores)",
        "machine busy / other load (cores)",
      ],
      writes.map((r) => [
        r.store,
        r.listeners,
        r.op + (r.rate ? ` @${r.rate}/s` : ""),
        r.connections,
        r.rps.toFixed(0),
        r.total,
        `${r.non2xx} / ${r.errors}`,
        `${r.latency.p50} / ${r.latency.p90} / ${r.latency.p99} / ${r.latency.max}`,
        r.listeners ? `${(r.delivered / r.listeners).toFixed(1)} vs ${r.total}${r.duplicates ? `, ${r.duplicates} dup` : ""}` : "–",
        r.cpu.serverCores.toFixed(2),
        `${r.cpu.machineCores.toFixed(2)} / ${r.cpu.otherCores.toFixed(2)}${disturbed(r.cpu)}`,
      ]),
    ),
    "",
    '"events per listener" may exceed the 2xx count by up to the number of connections: autocannon stops counting at the deadline while those requests still complete. "server CPU" is the API process alone; with PostgreSQL the backends serving the bench database count as the bench\'s own (not as "other load").',
  ];
  for (const store of [...new Set(writes.map((r) => r.store))]) {
    const series = writes
      .filter((r) => r.store === store)
      .map((r) => ({ label: `${r.op} ${r.listeners / 1000}k`, points: percentilePoints(r.latency), dashed: r.op.startsWith("register") }));
    const file = `writes-${store}.svg`;
    writeFileSync(join(dir, file), cdfChart({ title: `Write response latency, ${store} store (autocannon percentiles)`, series }));
    charts.push(file);
    lines.push("", `![writes ${store}](${file})`);
  }
  return lines.join("\n");
}

/** Numbers derived from the tables that point at the bottlenecks (regenerated with every run). */
function derivedSection(fanout, writes) {
  const lines = [];
  const done = fanout.filter((r) => r.emit);
  if (done.length) {
    lines.push(
      "- Cost per socket and event: the baselines' broadcast call ÷ sockets (one synchronous loop); the API's broadcast is spread over the event loop, so its figure is server CPU ÷ (events/s × sockets), an upper bound that includes HTTP, SQL and the store's worker: " +
        done.map((r) => `${r.label.split(" (")[0]} ${r.n / 1000}k ${perSocketUs(r).toFixed(1)} µs`).join("; ") +
        ".",
      "- Highest event rate one process could fan out at that size (1 ÷ (cost × sockets)): " +
        done
          .map((r) => `${r.label.split(" (")[0]} ${r.n / 1000}k ≈ ${(1e6 / (perSocketUs(r) * r.sockets)).toFixed(0)} events/s`)
          .join("; ") +
        ".",
    );
  }
  const zero = writes.filter((r) => r.listeners === 0 && r.op !== "delete-paced");
  if (zero.length) {
    lines.push(
      "- API CPU per request with no listeners (server cores ÷ req/s): " +
        zero.map((r) => `${r.store} ${r.op} ${((r.cpu.serverCores / r.rps) * 1000).toFixed(1)} ms`).join("; ") +
        ".",
    );
  }
  const rows = [...fanout.filter((r) => r.cpu), ...writes];
  if (rows.length) {
    const worst = Math.max(...rows.map((r) => r.cpu.otherCores));
    lines.push(
      `- Other load on the machine: at most ${worst.toFixed(2)} core during any reported row${worst > 0.3 ? " (rows above 0.3 core are marked ⚠)" : ": the run was not disturbed"}.`,
    );
  }
  return lines.join("\n");
}

export function writeResults(dir, { meta, fanout, writes, cluster, notes }) {
  const charts = [];
  const refused = [...fanout, ...(cluster?.rows ?? [])].filter((r) => r.connect.failed);
  if (refused.length)
    notes = [
      ...notes,
      `**Sockets refused at connect** (the tiers ran with fewer sockets): ${refused.map((r) => `${r.label} at ${r.n}: ${r.connect.failed} (${JSON.stringify(r.connect.errors)})`).join("; ")}.`,
    ];
  const md = [
    `# Benchmark results${meta.quick ? " (quick smoke run)" : ""}`,
    "",
    `Generated by \`${meta.command}\` on ${meta.startedAt}, took ${meta.tookS.toFixed(0)} s. ${meta.quick ? "**Quick mode**: 1k sockets only, short runs — a smoke test, not a measurement to quote." : ""}`,
    "",
    ...(meta.reruns
      ? ["Scenarios re-run afterwards (their tables replace the first run's): " + meta.reruns.map((r) => `\`${r}\``).join("; "), ""]
      : []),
    "## Machine and versions",
    "",
    table(["", ""], meta.machine),
    "",
    "## How it was run",
    "",
    ...meta.commands.map((c) => `- ${c}`),
    "",
    "## Targets",
    "",
    targets({ fanout, writes, cluster }),
    "",
    "## Fan-out",
    "",
    fanoutSection(fanout, dir, charts),
    "",
    "## Cluster fan-out: 2 API nodes through Redis",
    "",
    clusterSection(cluster, fanout, dir, charts),
    "",
    "## Memory per idle authenticated connection",
    "",
    memorySection(fanout),
    "",
    "## Writes",
    "",
    writesSection(writes, dir, charts),
    "",
    "## Derived",
    "",
    derivedSection(fanout, writes),
    "",
    "## Notes",
    "",
    ...notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
  writeFileSync(join(dir, "RESULTS.md"), md);
  return charts;
}
