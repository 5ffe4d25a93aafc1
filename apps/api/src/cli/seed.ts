import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { PasswordHasher } from "../auth/password-hasher";
import { loadConfig } from "../config/config";
import { openDatabase } from "../database/database";
import { SeedRepository } from "../seed/seed.repository";
import { SyntheticUsers } from "../seed/synthetic-users";
import { parseCommandArgs, runCommand, usageError } from "./run-command";

const MAX_USERS = 10_000_000;
const BATCH = 10_000;

const HELP = `Insert synthetic registered users, for demonstrations and load tests.

Usage: npm run seed -- --users <N> [--append]

  --users    how many users to add, 1 to ${MAX_USERS}
  --append   add to a database that already has users (refused otherwise)
  --help     show this text

Names are Latin and Arabic, from twelve countries, with and without diacritics; phones are valid
mobile numbers of the country; emails are unique; registrations spread over the last two years.
Every seeded user of one run shares one password, printed at the end.

Uses the same configuration as the server (DATABASE_URL, DATA_DIR, ...). With the embedded
store, stop the server first: one process at a time may open DATA_DIR.

Exit codes: 0 done, 1 could not run (or the database has users and --append is missing), 2 wrong arguments.`;

async function main(): Promise<number> {
  const args = parseCommandArgs(
    HELP,
    () => parseArgs({ options: { users: { type: "string" }, append: { type: "boolean" }, help: { type: "boolean" } } }).values,
  );
  if (typeof args === "number") return args;
  const total = Number(args.users);
  if (!/^\d+$/.test(args.users ?? "") || total < 1 || total > MAX_USERS) {
    return usageError(`--users must be a whole number from 1 to ${MAX_USERS}`, HELP);
  }

  const database = await openDatabase(loadConfig());
  try {
    const seeds = new SeedRepository(database);
    if (!args.append && (await seeds.hasUsers())) {
      console.error("The database already has users; pass --append to add to them.");
      return 1;
    }
    const password = randomBytes(12).toString("base64url");
    const passwordHash = await new PasswordHasher().hash(password);
    const users = new SyntheticUsers(new Date());
    // Past the sequence numbers earlier runs used (by count); a taken email or phone is skipped.
    let seq = args.append ? await seeds.countUsers() : 0;
    let inserted = 0;
    let inFlight = 0;
    let fruitless = 0;
    const started = performance.now();
    let reported = started;
    // PostgreSQL indexes two batches at once on two connections; the embedded store has one.
    const lanes = database.kind === "postgres" ? 2 : 1;
    const lane = async (): Promise<void> => {
      for (;;) {
        const size = Math.min(BATCH, total - inserted - inFlight);
        if (size <= 0) return;
        const batch = Array.from({ length: size }, () => users.user(seq++));
        inFlight += size;
        const added = await seeds.insertUsers(batch, passwordHash);
        inFlight -= size;
        inserted += added;
        fruitless = added === 0 ? fruitless + 1 : 0;
        if (fruitless >= 10) throw new Error("ten batches in a row were all taken emails or phones; stopping");
        const now = performance.now();
        if (now - reported >= 1_000 || inserted >= total) {
          reported = now;
          const seconds = (now - started) / 1_000;
          const rate = Math.round(inserted / seconds).toLocaleString("en");
          console.log(`${inserted.toLocaleString("en")} / ${total.toLocaleString("en")} users (${seconds.toFixed(1)} s, ${rate}/s)`);
        }
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    await seeds.tidyAfterBulkLoad();
    console.log(`Seeded ${inserted.toLocaleString("en")} users in ${((performance.now() - started) / 1_000).toFixed(1)} s.`);
    console.log(`Every user of this run has the password: ${password}`);
    return 0;
  } finally {
    await database.close();
  }
}

runCommand(main);
