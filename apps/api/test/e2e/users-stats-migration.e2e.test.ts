import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UsersStatsSchema } from "@moien/contracts";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { Client } from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { type AppProcess, disposeApp, makeDataDir, startApp } from "../support/app-process";
import { BACKENDS } from "../support/backends";
import { httpClient } from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { runStoreSql } from "../support/store-sql";
import { openStoppedStore } from "../support/pglite";

const MIGRATIONS = resolve(__dirname, "../../drizzle");

let app: AppProcess | undefined;
let database: TestDatabase | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await disposeApp(app);
  await database?.drop();
  app = database = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The migrations folder as it was before the counters: every entry before 0003_stats. */
function migrationsBeforeStats(): string {
  const folder = mkdtempSync(join(tmpdir(), "moien-migrations-"));
  dirs.push(folder);
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalFile = join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { idx: number; tag: string }[] };
  const stats = journal.entries.findIndex((e) => e.tag === "0003_stats");
  journal.entries = journal.entries.slice(0, stats);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe.each(BACKENDS)("stats counters on a database migrated from the previous schema, %s storage", (backend) => {
  it("should count the users that existed before the migration when the server starts", async () => {
    const dataDir = makeDataDir();
    const folder = migrationsBeforeStats();
    if (backend === "postgres") {
      database = await createTestDatabase();
      const client = new Client({ connectionString: database.url });
      await client.connect();
      await migrateNodePg(drizzleNodePg(client), { migrationsFolder: folder });
      await client.end();
    } else {
      const db = await openStoppedStore(dataDir);
      await migratePglite(drizzlePglite(db), { migrationsFolder: folder });
      await db.close();
    }
    await runStoreSql(
      { dataDir, databaseUrl: database?.url },
      `insert into accounts (full_name, country_code, phone, email, password_hash, role, created_at)
       select 'Old User ' || g, case when g % 3 = 0 then 'FR' else 'LU' end, '+3526210' || lpad(g::text, 5, '0'),
              'old' || g || '@before.test', 'x', 'user', now() - (g || ' hours')::interval
       from generate_series(1, 300) g;`,
    );

    app = await startApp({ dataDir, env: database ? { DATABASE_URL: database.url } : {} });
    const response = await httpClient(app.url).request("GET", "/api/v1/users/stats", { token: await app.adminToken() });
    const stats = UsersStatsSchema.parse(response.body);
    expect(stats.total).toBe(300);
    expect(stats.byCountry.map((c) => [c.countryCode, c.count])).toEqual([
      ["LU", 200],
      ["FR", 100],
    ]);
    expect(stats.perDay.reduce((s, d) => s + d.count, 0)).toBe(300); // 300 hours: all within the last 30 days
  });
});
