import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

// The benchmark's smoke run (`npm run bench -- --quick`: 1k sockets, both stores, short runs) on every
// `npm test`, into a temp dir: the harness keeps working, every event arrives once, and each of the
// issue's targets is measured. The targets themselves are not enforced here (CI shares 2 cores with
// other suites): bench/RESULTS.md comes from a full run on a quiet machine.
it("should run the quick benchmark to the end, every event delivered once and every target measured", () => {
  const out = mkdtempSync(join(tmpdir(), "moien-bench-quick-"));
  try {
    const run = spawnSync(process.execPath, ["bench/run.mjs", "--quick"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, BENCH_OUT_DIR: out },
      timeout: 400_000,
    });
    expect(run.status, run.stderr.slice(-2_000)).toBe(0);
    const results = readFileSync(join(out, "RESULTS.md"), "utf8");
    expect(results).toMatch(/\| every event delivered exactly once at 1k \| 20000\/20000 deliveries, 0 duplicates \| met \|/);
    for (const store of ["embedded", "postgres"]) {
      for (const name of [
        `delete throughput, ${store}, no listeners`,
        `register throughput ÷ the argon2 ceiling, ${store}`,
        `commit → hand-off to the sockets p50, ${store}, no listeners`,
      ]) {
        const row = results.split("\n").find((line) => line.startsWith(`| ${name} |`));
        expect(row, name).toBeDefined();
        expect(row).not.toContain("not measured");
        expect(row).not.toContain("not a valid measurement");
      }
    }
    expect(existsSync(join(out, "fanout-1000.svg"))).toBe(true);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 420_000);
