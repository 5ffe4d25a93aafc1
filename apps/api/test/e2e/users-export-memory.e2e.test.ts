import { readFileSync } from "node:fs";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, disposeApp } from "../support/app-process";
import { startAppOn } from "../support/backends";
import type { TestDatabase } from "../support/postgres";

const USERS = 100_000;
const MiB = 1024 * 1024;

/** The process's resident memory, read from outside it. */
const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

describe("export of 100k users on PostgreSQL", () => {
  let app: AppProcess;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    ({ app, database } = await startAppOn("postgres"));
    const client = new Client({ connectionString: database!.url });
    await client.connect();
    try {
      // g = 1 is the newest, g = 100000 the oldest.
      await client.query(
        `insert into accounts (full_name, country_code, phone, email, password_hash, role, created_at)
         select 'Seeded User ' || g, 'LU', '+352691' || lpad(g::text, 6, '0'), 'seed' || g || '@example.com', 'x', 'user',
                now() - make_interval(secs => g)
         from generate_series(1, $1::int) as g`,
        [USERS],
      );
      await client.query("analyze accounts");
    } finally {
      await client.end();
    }
  }, 120_000);
  afterAll(async () => {
    await disposeApp(app);
    await database?.drop();
  });

  it("should stream every row while the server's RSS grows by at most 100 MiB", async () => {
    const pid = app.pid()!;
    const token = await app.adminToken();
    const before = rssOf(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
    const started = Date.now();
    let lines = 0;
    let tail = "";
    try {
      const response = await fetch(`${app.url}/api/v1/users/export`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const decoder = new TextDecoder();
      for await (const chunk of response.body!) {
        for (const byte of chunk as Uint8Array) if (byte === 0x0a) lines += 1;
        tail = (tail + decoder.decode(chunk as Uint8Array, { stream: true })).slice(-200);
      }
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - started) / 1000;
    const growth = peak - before;
    console.log(
      `export of ${USERS} users: ${seconds.toFixed(1)} s, RSS ${(before / MiB).toFixed(0)} → peak ${(peak / MiB).toFixed(0)} MiB (+${(growth / MiB).toFixed(1)} MiB)`,
    );
    expect(lines).toBe(USERS + 1);
    expect(tail).toMatch(/,"seed100000@example\.com","[^"]+"\r\n$/);
    expect(growth).toBeLessThanOrEqual(100 * MiB);
  }, 120_000);

  it("should stop reading the database while the client does not read (backpressure)", async () => {
    const pid = app.pid()!;
    const token = await app.adminToken();
    const before = rssOf(pid);
    let peak = before;
    const response = await fetch(`${app.url}/api/v1/users/export?order=oldest`, { headers: { authorization: `Bearer ${token}` } });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    // A client that stops reading: the server may fill the socket's buffers, then must wait.
    for (let i = 0; i < 60; i += 1) {
      await new Promise((r) => setTimeout(r, 25));
      peak = Math.max(peak, rssOf(pid));
    }
    await reader.cancel();
    const growth = peak - before;
    console.log(`paused export: RSS +${(growth / MiB).toFixed(1)} MiB`);
    // Holding all 100k rows at once costs about 66 MiB here (measured with one unbatched read).
    expect(growth).toBeLessThanOrEqual(40 * MiB);
    const health = await fetch(`${app.url}/api/v1/health`);
    expect(health.status).toBe(200);
  }, 60_000);
});
