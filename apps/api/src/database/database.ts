import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { Pool } from "pg";
import * as schema from "./schema";
import { lockDataDir } from "./data-dir-lock";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Database;
  kind: "embedded" | "postgres";
  ping(): Promise<void>;
  close(): Promise<void>;
};

const MIGRATIONS_FOLDER = resolve(__dirname, "../../drizzle");
// Any fixed number: serialises migrations when several nodes start against one PostgreSQL.
const MIGRATION_LOCK_KEY = 727_001;

/** Opens the embedded store in `dataDir`, or PostgreSQL when `databaseUrl` is set, and migrates it. */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openEmbedded(options.dataDir);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new Pool({
    connectionString: url,
    max: 10,
    // Fail fast when PostgreSQL is away, so requests get a 503 instead of hanging.
    connectionTimeoutMillis: 3_000,
    query_timeout: 10_000,
  });
  // An idle client losing its server must not crash the process; the next checkout reconnects.
  pool.on("error", () => undefined);
  const db = drizzleNodePg(pool, { schema }) as unknown as Database;
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return {
    db,
    kind: "postgres",
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => pool.end(),
  };
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  mkdirSync(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  try {
    const client = await PGlite.create(join(dataDir, "pglite"), { extensions: { pg_trgm } });
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db,
      kind: "embedded",
      ping: async () => void (await client.query("select 1")),
      close: async () => {
        await client.close();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}
