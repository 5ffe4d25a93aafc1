// The writes scenario's part of bench/RESULTS.md (run by ./writes.mjs).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { disturbed, table, target } from "../lib/report-kit.mjs";
import { cdfChart, percentilePoints } from "../lib/svg.mjs";

/** This scenario's rows of the Targets table. */
export function writesTargets(writes) {
  const rows = [];
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
  return rows;
}

export function writesSection(writes, dir, charts) {
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
