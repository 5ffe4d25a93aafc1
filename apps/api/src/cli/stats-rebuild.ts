import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config";
import { openDatabase } from "../database/database";
import { UsersStatsRepository } from "../users/users-stats.repository";
import { parseCommandArgs, runCommand } from "./run-command";

const HELP = `Recompute the registration counters behind GET /api/v1/users/stats from the accounts.

Usage: npm run stats:rebuild

The database keeps these counters itself, in the transaction of every insert, update and delete
on accounts; run this only if they may have drifted (rows written with the triggers disabled).
Registrations wait while it runs; reads do not.

Uses the same configuration as the server (DATABASE_URL, DATA_DIR, ...). With the embedded
store, stop the server first: one process at a time may open DATA_DIR.

Exit codes: 0 done, 1 could not run, 2 wrong arguments.`;

async function main(): Promise<number> {
  const args = parseCommandArgs(HELP, () => parseArgs({ options: { help: { type: "boolean" } } }).values);
  if (typeof args === "number") return args;
  const database = await openDatabase(loadConfig());
  try {
    const { users, days, countries } = await new UsersStatsRepository(database).rebuild();
    console.log(`Rebuilt the counters: ${users} users over ${days} days and ${countries} countries.`);
    return 0;
  } finally {
    await database.close();
  }
}

runCommand(main);
