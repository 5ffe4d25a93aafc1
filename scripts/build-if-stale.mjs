// Builds each workspace whose output is missing or older than its sources, in dependency order.
// Used by `npm start` and `npm run admin`, so a fresh clone needs no separate build step.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

const packages = [
  { name: "@moien/contracts", dir: "packages/contracts", output: "dist/index.js", sources: ["src", "package.json"] },
  { name: "@moien/api", dir: "apps/api", output: "dist/main.js", sources: ["src", "package.json"] },
  {
    name: "@moien/admin",
    dir: "apps/admin",
    output: "dist/index.html",
    sources: ["src", "index.html", "vite.config.ts", "package.json"],
    requires: "index.html",
  },
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

export function buildIfStale({ force = false } = {}) {
  let upstreamRebuilt = false;
  for (const pkg of packages) {
    const dir = join(root, pkg.dir);
    if (pkg.requires && !existsSync(join(dir, pkg.requires))) continue;
    const output = join(dir, pkg.output);
    const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
    const changedAt = Math.max(...pkg.sources.map((s) => newestMtime(join(dir, s))));
    if (!force && !upstreamRebuilt && builtAt >= changedAt) continue;
    console.log(`building ${pkg.name} ...`);
    execFileSync("npm", ["run", "build", "--silent", "-w", pkg.name], { cwd: root, stdio: "inherit" });
    upstreamRebuilt = true;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfStale({ force: process.argv.includes("--force") });
