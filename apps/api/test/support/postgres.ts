import { randomBytes } from "node:crypto";
import { Client } from "pg";

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty PostgreSQL database for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `moien_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient((c) => c.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdminClient((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** Refuses new connections to the database and cuts the open ones, as if its server were away. */
export async function cutDatabase(name: string): Promise<() => Promise<void>> {
  await withAdminClient(async (c) => {
    await c.query(`alter database ${name} allow_connections false`);
    await c.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [name]);
  });
  return () => withAdminClient((c) => c.query(`alter database ${name} allow_connections true`)).then(() => undefined);
}
