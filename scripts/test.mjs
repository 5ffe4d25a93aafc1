// `npm test`: builds everything fresh, runs every vitest project, then prints "N passed, N failed".
// Two phases: the browser suite runs alone after the rest, so its "within a second" checks do not
// compete for the two cores with the API suites' many server processes.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { buildIfStale } from "./build-if-stale.mjs";
import { countResults } from "./count-results.mjs";

const root = resolve(import.meta.dirname, "..");
const extraArgs = process.argv.slice(2);
buildIfStale({ force: true });
mkdirSync(resolve(root, "test-results"), { recursive: true });

// Types, lint and format first (sources and tests of every package): any of them failing fails the
// run before a suite starts, so a newcomer's first commit is held to the same rules as CI.
for (const [name, script] of [
  ["typecheck", "typecheck"],
  ["lint and format check", "lint"],
]) {
  console.log(`\n=== ${name} ===`);
  if (spawnSync("npm", ["run", script, "--silent"], { cwd: root, stdio: "inherit" }).status !== 0) {
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

const phases = [
  { name: "unit and API", projects: ["scripts", "contracts", "api-unit", "api-in-process", "api-e2e", "admin"] },
  { name: "browser", projects: ["admin-e2e"] },
];

let passed = 0;
let failed = 0;
for (const phase of phases) {
  const report = resolve(root, `test-results/vitest-${phase.projects.join("-")}.json`);
  rmSync(report, { force: true });
  const projectArgs = phase.projects.flatMap((p) => ["--project", p]);
  console.log(`\n=== ${phase.name} tests ===`);
  // A project named here that no config defines (a renamed tier) would be skipped without a word.
  const empty = projectsWithoutTests(phase.projects, projectArgs);
  if (empty.length) {
    console.log(`no test files in project(s) ${empty.join(", ")}: check the names against the vitest configs`);
    failed += 1;
  }
  const run = spawnSync(
    "npx",
    ["vitest", "run", ...projectArgs, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extraArgs],
    { cwd: root, stdio: "inherit", env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: "true" } },
  );
  try {
    const counts = countResults(JSON.parse(readFileSync(report, "utf8")), root);
    for (const line of counts.report) console.log(line);
    passed += counts.passed;
    failed += counts.failed;
    // Vitest failed although nothing above says so (a crash, an unhandled error): still a failure.
    if (run.status !== 0 && counts.failed === 0) failed += 1;
  } catch {
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

function projectsWithoutTests(projects, projectArgs) {
  const listed = spawnSync("npx", ["vitest", "list", "--filesOnly", "--json", ...projectArgs], { cwd: root, encoding: "utf8" });
  let files = [];
  try {
    files = JSON.parse(listed.stdout);
  } catch {
    return projects;
  }
  const found = new Set(files.map((file) => file.projectName));
  return projects.filter((project) => !found.has(project));
}
