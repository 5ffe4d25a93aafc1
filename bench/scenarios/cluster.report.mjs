// The cluster scenario's part of bench/RESULTS.md (run by ./cluster.mjs).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { disturbed, ratio, table } from "../lib/report-kit.mjs";
import { cdfChart } from "../lib/svg.mjs";
import { ms } from "../lib/stats.mjs";

/** This scenario's rows of the Targets table. */
export function clusterTargets(cluster, fanout) {
  const rows = [];
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
  return rows;
}

/** Two API nodes through Redis against the single-node API rows of the fan-out table. */
export function clusterSection(cluster, fanout, dir, charts) {
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
