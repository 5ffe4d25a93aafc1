import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { sql } from "drizzle-orm";
import { Client } from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type * as DatabaseExports from "../../src/database/database";
import { makeDataDir } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { API_DIST } from "../support/run-node";

// The built module: the embedded store's worker thread runs compiled JavaScript.
const { openDatabase } = createRequire(__filename)(`${API_DIST}/database/database.js`) as typeof DatabaseExports;

type Handle = DatabaseExports.DatabaseHandle;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh PostgreSQL database, opened as the API opens it; dropped after the test. */
async function openPostgres(): Promise<{ handle: Handle; database: TestDatabase }> {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  const handle = await openDatabase({ databaseUrl: database.url, dataDir: "unused-on-postgres" });
  cleanups.push(() => handle.close());
  return { handle, database };
}

/** A fresh embedded store, opened as the API opens it; removed after the test. */
async function openEmbedded(): Promise<Handle> {
  const dataDir = makeDataDir();
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const handle = await openDatabase({ dataDir });
  cleanups.push(() => handle.close());
  return handle;
}

async function backendPid(handle: Handle): Promise<number> {
  const result = (await handle.db.execute(sql`select pg_backend_pid() as pid`)) as { rows: { pid: number }[] };
  return result.rows[0]!.pid;
}

// What a registration race does to the pool: a statement the database refuses (a unique violation).
async function refusedStatement(handle: Handle): Promise<unknown> {
  await handle.db.execute(sql`create table if not exists probe (word text primary key)`);
  await handle.db.execute(sql`insert into probe values ('taken') on conflict do nothing`);
  return handle.db.execute(sql`insert into probe values ('taken')`).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("the database's pool when a statement fails", () => {
  it("should keep its PostgreSQL connection: the same session answers next", async () => {
    const { handle } = await openPostgres();

    const before = await backendPid(handle);
    const error = await refusedStatement(handle);
    expect(error).toMatchObject({ cause: { code: "23505" } });
    expect(await backendPid(handle)).toBe(before);
  });

  it("should still drop a PostgreSQL connection whose session was ended, and answer the next statement on a new one", async () => {
    const { handle, database } = await openPostgres();

    const before = await backendPid(handle);
    const sleeping = handle.db.execute(sql`select pg_sleep(10)`).then(
      () => undefined,
      (error: unknown) => error,
    );
    // An administrator (or a failover) ends the session mid-statement: FATAL 57P01, not a plain ERROR.
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      await expect
        .poll(
          async () => (await admin.query("select 1 from pg_stat_activity where pid = $1 and query like '%pg_sleep%'", [before])).rowCount,
        )
        .toBe(1);
      await admin.query("select pg_terminate_backend($1)", [before]);
    } finally {
      await admin.end();
    }
    expect(await sleeping).toMatchObject({ cause: { code: "57P01" } });
    const after = await backendPid(handle);
    expect(after).not.toBe(before);
  });

  it("should keep the embedded store's one connection: its notifications stay live throughout", async () => {
    const handle = await openEmbedded();
    const liveness: boolean[] = [];
    handle.notifications.subscribe({ changed: () => undefined, liveChanged: (live) => liveness.push(live) });
    await handle.ping();
    expect(handle.notifications.live).toBe(true);

    for (let i = 0; i < 3; i++) expect(await refusedStatement(handle)).toMatchObject({ cause: { code: "23505" } });
    await handle.ping();
    // A dropped connection reads as not live until the next one listens: [false, true] per failure.
    expect(liveness).toEqual([]);
    expect(handle.notifications.live).toBe(true);
  });

  it("should let exactly one of many concurrent same-key inserts win on the embedded store, the others refused, none failing", async () => {
    const handle = await openEmbedded();
    await handle.db.execute(sql`create table probe (word text primary key)`);
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () =>
          handle.db.execute(sql`insert into probe values (${`word-${round}`})`).then(
            () => "inserted",
            (error: { cause?: { code?: string } }) => error.cause?.code ?? "other",
          ),
        ),
      );
      expect(outcomes.sort()).toEqual(["23505", "23505", "23505", "23505", "23505", "23505", "23505", "inserted"]);
    }
  });
});
