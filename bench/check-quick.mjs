// After CI's smoke run (`npm run bench -- --quick` into BENCH_OUT_DIR): every event arrived once, and
// each of the issues' targets was measured (not enforced: CI's 2 cores are no place to judge speed;
// bench/RESULTS.md comes from a full run). Exits 1 naming what is missing.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const results = readFileSync(join(dir, "RESULTS.md"), "utf8").split("\n");
const problems = [];
const row = (name) => results.find((line) => line.startsWith(`| ${name} |`));

if (!row("every event delivered exactly once at 1k")?.includes("| met |")) problems.push("an event was lost or duplicated at 1k sockets");
for (const store of ["embedded", "postgres"]) {
  for (const name of [
    `delete throughput, ${store}, no listeners`,
    `register throughput ÷ the argon2 ceiling, ${store}`,
    `commit → hand-off to the sockets p50, ${store}, no listeners`,
  ]) {
    const line = row(name);
    if (!line || line.includes("not measured") || line.includes("not a valid measurement")) problems.push(`not measured: ${name}`);
  }
}
if (!existsSync(join(dir, "fanout-1000.svg"))) problems.push("no fan-out chart");
for (const problem of problems) console.error(`bench check: ${problem}`);
process.exit(problems.length ? 1 : 0);
