// The counting behind `npm test`'s "N passed, N failed", from vitest's JSON report.
import { relative } from "node:path";
/**
 * Tests that failed, plus each file that failed without a failed test (it did not load, or a
 * beforeAll threw and vitest marked its tests skipped), plus every skipped test: no test is meant
 * to be skipped, so a skip is a test that did not run. The skips are listed by name.
 */
export function countResults(result, root) {
  let passedTests = 0;
  let failedTests = 0;
  let failedFiles = 0;
  const skipped = [];
  const report = [];
  for (const file of result.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    const fileFailedTests = tests.filter((t) => t.status === "failed").length;
    passedTests += tests.filter((t) => t.status === "passed").length;
    failedTests += fileFailedTests;
    for (const t of tests)
      if (t.status !== "passed" && t.status !== "failed") skipped.push(`${relative(root, file.name)} > ${t.fullName} (${t.status})`);
    if (file.status === "failed" && fileFailedTests === 0) {
      failedFiles += 1;
      report.push(`failed suite: ${relative(root, file.name)}${file.message ? `: ${String(file.message).split("\n")[0]}` : ""}`);
    }
  }
  if (skipped.length > 0) report.push(`${skipped.length} skipped (none is expected; each counts as failed):\n  ${skipped.join("\n  ")}`);
  return { passed: passedTests, failed: failedTests + failedFiles + skipped.length, skipped, report };
}
