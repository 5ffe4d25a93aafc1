// The fan-out and memory scenarios' parts of bench/RESULTS.md (run by ./fanout.mjs).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { disturbed, sum, table, target } from "../lib/report-kit.mjs";
import { cdfChart } from "../lib/svg.mjs";
import { kib, mib, ms } from "../lib/stats.mjs";

/** This scenario's rows of the Targets table. */
export function fanoutTargets(fanout) {
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
  return rows;
}

export function fanoutSection(fanout, dir, charts) {
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
        "p99 registrations / deletions (ms)",
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
        r.byKind ? `${ms(r.byKind.create.p99)} / ${ms(r.byKind.delete.p99)}` : "–",
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

export function memorySection(fanout) {
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
