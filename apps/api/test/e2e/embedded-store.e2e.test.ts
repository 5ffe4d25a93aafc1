import { rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type SQL, sql } from "drizzle-orm";
import { Client } from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type * as DatabaseExports from "../../src/database/database";
import { disposeApp, makeDataDir, startApp, type AppProcess } from "../support/app-process";
import { API_DIST } from "../support/run-node";

// The built module: the embedded store's worker thread runs compiled JavaScript.
const { openDatabase } = createRequire(__filename)(`${API_DIST}/database/database.js`) as typeof DatabaseExports;

let app: AppProcess | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await disposeApp(app);
  app = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// The handle is typed for both stores, so `execute` results are `unknown`; over `pg` they carry `rows`.
async function rows<T>(handle: DatabaseExports.DatabaseHandle, query: SQL): Promise<T[]> {
  return ((await handle.db.execute(query)) as { rows: T[] }).rows;
}

async function timed(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

describe("the embedded store", () => {
  it("should answer /health/live promptly while the store runs a slow query", async () => {
    // The fault makes the readiness ping run `select pg_sleep(1)` through the store.
    app = await startApp({ env: { TEST_FAULT: "slow-database-ping" } });
    let slowDone = false;
    const slow = timed(`${app.url}/api/v1/health/ready`).finally(() => (slowDone = true));
    await new Promise((r) => setTimeout(r, 150)); // the query is running by now
    const live: number[] = [];
    while (!slowDone && live.length < 5) {
      const probe = await timed(`${app.url}/api/v1/health/live`);
      expect(probe.status).toBe(200);
      live.push(probe.ms);
    }
    const ready = await slow;
    expect(ready.status).toBe(200);
    expect(ready.ms).toBeGreaterThan(900); // the slow query did run
    expect(live.length).toBeGreaterThan(0);
    // Each probe started while the query ran: blocked by it, one would take most of that second.
    // The median keeps one slow probe on a busy machine from failing the test.
    const median = live.sort((a, b) => a - b)[Math.floor(live.length / 2)]!;
    expect(median).toBeLessThan(100);
  });

  it("should serve the store only on a unix socket this user can open, with its one connection taken by the API", async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const handle = await openDatabase({ dataDir });
    try {
      expect(statSync(join(dataDir, "socket")).mode & 0o777).toBe(0o700);
      const socket = statSync(join(dataDir, "socket", ".s.PGSQL.5432"));
      expect(socket.isSocket()).toBe(true);
      expect(socket.mode & 0o777).toBe(0o600);
      await rows(handle, sql`select 1`); // the API's pool holds the connection now
      const intruder = new Client({ host: join(dataDir, "socket"), port: 5432, user: "postgres", database: "postgres" });
      intruder.on("error", () => undefined);
      await expect(intruder.connect().then(() => intruder.query("select 1"))).rejects.toThrow();
      await intruder.end().catch(() => undefined);
    } finally {
      await handle.close();
    }
  });

  it("should create the pg_trgm and unaccent extensions, and keep data across a close and reopen", async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const first = await openDatabase({ dataDir });
    try {
      expect(first.kind).toBe("embedded");
      await first.db.execute(sql`create extension if not exists pg_trgm`);
      await first.db.execute(sql`create extension if not exists unaccent`);
      const [row] = await rows<{ s: number; u: string }>(
        first,
        sql`select similarity('moien', 'moein')::float8 as s, unaccent('Müller') as u`,
      );
      expect(row!.s).toBeGreaterThan(0);
      expect(row!.u).toBe("Muller");
      await first.db.execute(sql`create table probe (word text)`);
      await first.db.execute(sql`insert into probe values ('kept')`);
    } finally {
      await first.close();
    }
    const second = await openDatabase({ dataDir });
    try {
      expect(await rows(second, sql`select word from probe`)).toEqual([{ word: "kept" }]);
      const installed = await rows(second, sql`select extname from pg_extension where extname in ('pg_trgm', 'unaccent') order by 1`);
      expect(installed).toEqual([{ extname: "pg_trgm" }, { extname: "unaccent" }]);
    } finally {
      await second.close();
    }
  });
});
