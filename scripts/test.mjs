// `npm test`: builds everything fresh, runs every vitest project (unit, API e2e on the embedded
// store and PostgreSQL, dashboard unit and browser e2e), then prints "N passed, N failed".
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildIfStale } from "./build-if-stale.mjs";

const root = resolve(import.meta.dirname, "..");
buildIfStale({ force: true });

const report = resolve(root, "test-results/vitest.json");
mkdirSync(resolve(root, "test-results"), { recursive: true });
const run = spawnSync(
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);

let passed = 0;
let failed = 0;
try {
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed = result.numPassedTests;
  failed = result.numFailedTests;
  // A file that failed to load has no failed test but still fails the run.
  if (run.status !== 0 && failed === 0) failed = Math.max(1, result.numFailedTestSuites);
} catch {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
