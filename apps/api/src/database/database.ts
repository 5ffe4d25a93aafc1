import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { type ClientBase, DatabaseError, Pool, type QueryConfig } from "pg";
import * as schema from "./schema";
import { lockDataDir } from "./data-dir-lock";
import { type EmbeddedStore, startEmbeddedStore } from "./embedded-store";
import { Notifications } from "./notifications";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Database;
  kind: "embedded" | "postgres";
  /** What the database notifies (migration 0010): the identity cache's invalidations. */
  notifications: Notifications;
  /** The embedded store only: a consistent copy of its files while it runs (`npm run backup`). */
  backup?: () => Promise<Uint8Array>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

/**
 * Every pool connection, as it opens: it hears the database's notifications, and an error on it never
 * ends the process. A connection whose socket PostgreSQL resets while it is checked out between two
 * queries (a transaction's wait) emits 'error' with no pool listener attached, which crashed nodes in
 * the cluster suite's PostgreSQL-outage test: its next query fails instead, and the pool drops it.
 */
function onPoolConnect(attach: (client: ClientBase) => Promise<void>) {
  return (client: ClientBase): Promise<void> => {
    client.on("error", () => undefined);
    return attach(client);
  };
}

/**
 * A pool whose `query` keeps its connection when the database refused a statement. pg-pool's own
 * releases the connection with the error, which closes it: every unique violation (each 409 of a
 * registration race, one statement since issue 21) cost a reconnect and a LISTEN on PostgreSQL, and on
 * the embedded store its one connection: the identity cache went not live, and the new connection
 * could arrive before the worker had counted the old one closed, be refused, and answer 503.
 * An ERROR from the server leaves the session ready for the next statement; anything else (a FATAL,
 * a lost socket, a query_timeout whose statement may still run) still closes the connection.
 */
function keepConnectionOnStatementErrors(pool: Pool): Pool {
  const query = async (config: string | QueryConfig, values?: unknown[]) => {
    const client = await pool.connect();
    try {
      const result = await client.query(config, values);
      client.release();
      return result;
    } catch (error) {
      client.release(error instanceof DatabaseError && error.severity === "ERROR" ? undefined : (error as Error));
      throw error;
    }
  };
  // reason: pg types query's callback overloads too; drizzle and this code only await it
  pool.query = query as unknown as Pool["query"];
  return pool;
}

export const MIGRATIONS_FOLDER = resolve(__dirname, "../../drizzle");
// Any fixed number: serialises migrations when several nodes start against one PostgreSQL.
const MIGRATION_LOCK_KEY = 727_001;

/** Opens the embedded store in `dataDir`, or PostgreSQL when `databaseUrl` is set, and migrates it. */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openEmbedded(options.dataDir);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const notifications = new Notifications();
  // Fail fast when PostgreSQL is away, so requests get a 503 instead of hanging.
  const connection = { connectionString: url, connectionTimeoutMillis: 3_000 };
  const pool = keepConnectionOnStatementErrors(
    new Pool({
      ...connection,
      // Which node a connection belongs to, in pg_stat_activity (the listener's is moien-identity-listener/<pid>).
      application_name: `moien-api/${process.pid}`,
      max: 10,
      query_timeout: 10_000,
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- pg-pool awaits it before handing the client out; its types say void
      onConnect: onPoolConnect((client) => notifications.attach(client)),
    }),
  );
  const stopListening = notifications.listenOn(connection);
  // An idle client losing its server must not crash the process; the next checkout reconnects.
  pool.on("error", () => undefined);
  // reason: drizzle types each driver's database apart; both are the same PgDatabase to the repositories
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
    notifications,
    ping: async () => void (await db.execute(sql`select 1`)),
    close: async () => {
      await stopListening();
      await pool.end();
    },
  };
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  mkdirSync(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  let store: EmbeddedStore | undefined;
  try {
    store = await startEmbeddedStore(dataDir);
    const notifications = new Notifications();
    // The same driver and migrator as PostgreSQL, over the worker's socket. One connection: the
    // worker serves one (PGlite is single-session anyway), so requests queue in the pool.
    const pool = keepConnectionOnStatementErrors(
      new Pool({
        host: store.socketDir,
        port: store.socketPort,
        user: "postgres",
        database: "postgres",
        // A local socket: no TLS, whatever PGSSLMODE says.
        ssl: false,
        max: 1,
        // Never drop the idle connection: the socket's single slot stays ours.
        idleTimeoutMillis: 0,
        connectionTimeoutMillis: 10_000,
        // The one connection is the node's listener too: its own changes arrive before their COMMIT
        // resolves, and identities are kept in memory only while it is connected.
        // eslint-disable-next-line @typescript-eslint/no-misused-promises -- as in openPostgres
        onConnect: onPoolConnect((client) => notifications.attachLiveness(client)),
        // No query_timeout: PGlite cannot cancel a statement, so a client-side timeout would free nothing,
        // and a migration building an index over many rows may rightly take longer than any bound.
      }),
    );
    pool.on("error", () => undefined);
    const nodePg = drizzleNodePg(pool, { schema });
    const db = nodePg as unknown as Database; // reason: as in openPostgres
    try {
      await migrateNodePg(nodePg, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (error) {
      await pool.end();
      throw error;
    }
    const running = store;
    return {
      db,
      kind: "embedded",
      notifications,
      backup: () => running.backup(),
      ping: async () => void (await db.execute(sql`select 1`)),
      close: async () => {
        await pool.end();
        await running.stop();
        await unlock();
      },
    };
  } catch (error) {
    await store?.stop();
    await unlock();
    throw error;
  }
}
