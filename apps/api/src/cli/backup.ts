import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { BACKUP_ACCESS_FILE, type BackupAccess } from "../backup/backup.service";
import { loadConfig } from "../config/config";
import { copyStoppedStore } from "../database/store-files";
import { CommandError, parseCommandArgs, runCommand, usageError } from "./run-command";

const HELP = `Back up the users store to FILE.

Usage: npm run backup -- --out FILE

Embedded store (DATA_DIR, the default):
  - server running: asks it for a consistent copy taken while it serves (it keeps a key for this
    command in DATA_DIR/${BACKUP_ACCESS_FILE}, readable by its owner only);
  - server stopped: copies the store itself.
  The file is a gzipped tar of the store's files; its schema version is printed and in its audit entry.
PostgreSQL (DATABASE_URL set): runs pg_dump --format=custom (pg_dump on PATH, as new as the server).

The file holds every user's personal data: encrypt it before it leaves the machine
(docs/operations.md, "Backups"). FILE must not exist yet.

Exit codes: 0 done, 1 could not run, 2 wrong arguments.`;

async function main(): Promise<number> {
  const args = parseCommandArgs(HELP, () => parseArgs({ options: { out: { type: "string" }, help: { type: "boolean" } } }).values);
  if (typeof args === "number") return args;
  if (!args.out) return usageError("--out FILE is required", HELP);
  const out = resolve(args.out);
  if (existsSync(out)) return usageError(`${out} exists already: choose another name`, HELP);
  const config = loadConfig();
  if (config.databaseUrl) {
    const dump = spawnSync("pg_dump", ["--format=custom", "--no-owner", "--file", out, config.databaseUrl], { stdio: "inherit" });
    if (dump.error) throw new CommandError(`pg_dump could not run: ${dump.error.message}`);
    if (dump.status === 0) console.log(`Backed up PostgreSQL to ${out} (pg_dump custom format).`);
    return dump.status === 0 ? 0 : 1;
  }
  const running = runningNode(config.dataDir);
  if (running) {
    const response = await fetch(`${running.url}/api/v1/backup/local`, { headers: { "x-backup-key": running.key } });
    if (response.status !== 200) throw new CommandError(`the running node refused the backup: ${response.status} ${await response.text()}`);
    writeFileSync(out, Buffer.from(await response.arrayBuffer()), { mode: 0o600 });
    console.log(`Backed up the running embedded store (schema ${response.headers.get("x-schema-version")}) to ${out}.`);
    return 0;
  }
  const { bytes, schemaTag } = await copyStoppedStore(config.dataDir);
  writeFileSync(out, bytes, { mode: 0o600 });
  console.log(`Backed up the stopped embedded store (schema ${schemaTag}) to ${out}.`);
  return 0;
}

/** The node serving DATA_DIR, if one runs: what it wrote into DATA_DIR at start, and its process alive. */
function runningNode(dataDir: string): BackupAccess | undefined {
  const file = join(dataDir, BACKUP_ACCESS_FILE);
  if (!existsSync(file)) return undefined;
  const access = JSON.parse(readFileSync(file, "utf8")) as BackupAccess;
  try {
    process.kill(access.pid, 0);
    return access;
  } catch {
    return undefined; // left by a node that did not stop cleanly
  }
}

runCommand(main);
