import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Client } from "pg";
import { loadConfig } from "../config/config";
import { restoreStore } from "../database/store-files";
import { CommandError, parseCommandArgs, runCommand, usageError } from "./run-command";

const HELP = `Restore a backup made by npm run backup.

Usage: npm run restore -- FILE

Embedded store: into DATA_DIR, which must be empty or absent (nothing is ever overwritten). The
store is opened once to check it; its schema version is printed, with the migrations the server's
next start applies (a backup of an older release restores into a newer one).
PostgreSQL (DATABASE_URL set): pg_restore into that database, which must be empty (created with
createdb; pg_restore on PATH).

Then start the server as usual.

Exit codes: 0 done, 1 could not run (or the target is not empty), 2 wrong arguments.`;

async function main(): Promise<number> {
  const args = parseCommandArgs(HELP, () => {
    const parsed = parseArgs({ options: { help: { type: "boolean" } }, allowPositionals: true });
    return { ...parsed.values, files: parsed.positionals };
  });
  if (typeof args === "number") return args;
  const [file, ...extra] = args.files;
  if (!file || extra.length > 0) return usageError("one backup FILE is required", HELP);
  const path = resolve(file);
  if (!existsSync(path)) return usageError(`${path} does not exist`, HELP);
  const config = loadConfig();
  if (config.databaseUrl) return restorePostgres(config.databaseUrl, path);
  const { tag, pending } = await restoreStore(config.dataDir, path);
  console.log(`Restored the embedded store into ${config.dataDir} (schema ${tag}).`);
  console.log(
    pending.length ? `The next start applies ${pending.length} migration(s): ${pending.join(", ")}.` : "Its schema is this release's.",
  );
  return 0;
}

async function restorePostgres(databaseUrl: string, path: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ tables: number }>(
      "select count(*)::int as tables from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
    );
    if ((rows[0]?.tables ?? 0) > 0) throw new CommandError("the database is not empty: restore into a new database (createdb)");
  } finally {
    await client.end();
  }
  const restore = spawnSync("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", databaseUrl, path], { stdio: "inherit" });
  if (restore.error) throw new CommandError(`pg_restore could not run: ${restore.error.message}`);
  if (restore.status === 0) console.log("Restored into PostgreSQL; the server's next start applies any newer migration.");
  return restore.status === 0 ? 0 : 1;
}

runCommand(main);
