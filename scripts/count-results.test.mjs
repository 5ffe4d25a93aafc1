import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import { countResults } from "./count-results.mjs";

const root = resolve(import.meta.dirname, "..");
const fixtures = resolve(import.meta.dirname, "fixtures/count-results");

it("should count a beforeAll failure's skipped tests, every skip and the failure, and name the skips", () => {
  const out = mkdtempSync(join(tmpdir(), "count-results-"));
  try {
    const report = join(out, "report.json");
    const run = spawnSync("npx", ["vitest", "run", "--root", fixtures, "--reporter=json", `--outputFile.json=${report}`], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.status).not.toBe(0);
    const counts = countResults(JSON.parse(readFileSync(report, "utf8")), root);
    expect(counts.passed).toBe(1);
    // 1 failed test + 3 skipped (2 behind the broken beforeAll, 1 it.skip). Before, this said 1 failed.
    expect(counts.failed).toBe(4);
    expect(counts.skipped).toHaveLength(3);
    expect(counts.report.join("\n")).toContain("first test of the broken suite");
    expect(counts.report.join("\n")).toContain("is skipped");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
